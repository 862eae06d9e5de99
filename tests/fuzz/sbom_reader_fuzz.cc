// Fuzzes the SBOM reader (CycloneDX and SPDX JSON from any tool) and the purl parser under it:
// any bytes give an inventory or an error, never a crash; packages always have a name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "report/purl_parse.h"
#include "report/sbom_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto sbom = moat::report::ReadSbom(text, "fuzz.json");
  if (sbom.ok()) {
    for (const auto& p : sbom->inventory.packages) {
      if (p.name.empty()) std::abort();
    }
  }
  auto purl = moat::report::ParsePurl(text);
  if (purl.ok()) {
    moat::report::PackageFromPurl(*purl);
    moat::report::OsFromPurl(*purl);
  }
  return 0;
}
