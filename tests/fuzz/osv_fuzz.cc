// Fuzzes the OSV importer (JSON and YAML) with arbitrary bytes: never a crash, and every record
// that comes out has an id, a source and well-formed affected entries.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "vulndb/feed_import.h"

namespace {

class CheckingSink : public moat::vulndb::AdvisorySink {
 public:
  void Add(moat::vulndb::Advisory advisory) override {
    if (advisory.id.empty() || advisory.source.empty()) __builtin_trap();
    for (const auto& a : advisory.affected) {
      if (a.ecosystem.empty() || a.package.empty()) __builtin_trap();
      for (const auto& r : a.ranges) {
        if (r.events.empty()) __builtin_trap();
      }
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
  (void)moat::vulndb::ImportFeedText("GHSA-fuzz-fuzz-fuzz.json", text, &sink);
  (void)moat::vulndb::ImportFeedText("PYSEC-0000-0.yaml", text, &sink);
  return 0;
}
