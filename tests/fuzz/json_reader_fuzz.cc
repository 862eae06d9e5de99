// Fuzzes the Moat JSON report reader (reports come from CI uploads to the center): any bytes give
// a ScanResult or an error, never a crash; every format renders from what was read; and what was
// read survives a second round trip unchanged (RenderJson ∘ ReadJsonReport is idempotent).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "report/json_reader.h"
#include "report/json_writer.h"
#include "report/render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto read = moat::report::ReadJsonReport(text, "fuzz.json");
  if (!read.ok()) return 0;
  for (const std::string& format : moat::report::ReportFormats()) {
    if (!moat::report::RenderReport(*read, format).ok()) std::abort();
  }
  std::string once = moat::report::RenderJson(*read, moat::report::RenderOptions{});
  auto again = moat::report::ReadJsonReport(once, "rendered");
  if (!again.ok()) std::abort();
  if (moat::report::RenderJson(*again, moat::report::RenderOptions{}) != once) std::abort();
  return 0;
}
