// Fuzzes the distro feed importers with arbitrary bytes: Debian tracker JSON (streamed) and
// DSA/DLA lists, Alpine/Wolfi secdb JSON and YAML, Red Hat CSAF, npm security-wg and npm ranges.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "vulndb/feed_import.h"
#include "vulndb/feed_npm_range.h"

namespace {

class CheckingSink : public moat::vulndb::AdvisorySink {
 public:
  void Add(moat::vulndb::Advisory advisory) override {
    if (advisory.id.empty() || advisory.source.empty()) __builtin_trap();
    for (const auto& a : advisory.affected) {
      if (a.ecosystem.empty() || a.package.empty()) __builtin_trap();
      if ((a.ecosystem == "deb" || a.ecosystem == "rpm") && a.distro.empty()) __builtin_trap();
    }
  }
  void Malformed(const std::string& file, const std::string& reason) override {
    if (file.empty() || reason.empty()) __builtin_trap();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  CheckingSink sink;
  // JSON content decides the format (tracker, secdb, CSAF, npm-wg); YAML is secdb; an
  // extension-less file is read as a DSA/DLA list when its first line looks like one.
  (void)moat::vulndb::ImportFeedText("feeds/v3.18/security.json", text, &sink);
  (void)moat::vulndb::ImportFeedText("feeds/v3.18/main.yaml", text, &sink);
  (void)moat::vulndb::ImportFeedText("data/DSA/list", text, &sink);
  auto events = moat::vulndb::ConvertNpmRange(text.substr(0, 256));
  if (events.ranges.empty() && events.versions.empty()) __builtin_trap();
  return 0;
}
