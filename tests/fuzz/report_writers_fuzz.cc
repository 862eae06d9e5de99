// Fuzzes the report writers with image-controlled strings (names, versions, licences, paths,
// tags): every format must render, and the JSON formats must parse back. Also fuzzes the SPDX
// licence expression parser and purl building directly.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/json.h"
#include "inventory/purl.h"
#include "report/render.h"
#include "report/spdx_license.h"

namespace {

// Takes the next field of the input, cycling when it runs out.
class Fields {
 public:
  explicit Fields(std::vector<std::string> fields) : fields_(std::move(fields)) {}
  std::string Next() { return fields_.empty() ? "" : fields_[next_++ % fields_.size()]; }

 private:
  std::vector<std::string> fields_;
  size_t next_ = 0;
};

moat::report::ScanResult MakeResult(Fields& f, size_t package_count) {
  moat::report::ScanResult result;
  result.image.reference = f.Next();
  result.image.digest = f.Next();
  result.image.image_id = f.Next();
  result.image.repo_tags = {f.Next()};
  result.image.platform.architecture = f.Next();
  result.image.layers.resize(2);
  result.inventory.os = moat::inventory::OsInfo{f.Next(), f.Next(), f.Next(), f.Next(), false};
  result.scanned_at = f.Next();
  for (size_t i = 0; i < package_count; ++i) {
    moat::inventory::Package p;
    p.ecosystem = static_cast<moat::inventory::Ecosystem>(i % 11);
    p.name = f.Next();
    p.version = f.Next();
    p.source_name = f.Next();
    p.licenses = {f.Next(), f.Next()};
    p.found_in = f.Next();
    p.found_in_archive = f.Next();
    p.layer = static_cast<int>(i % 3) - 1;
    p.purl = moat::inventory::MakePurl(p, result.inventory.os);
    result.inventory.packages.push_back(std::move(p));
  }
  result.inventory.executables.push_back({f.Next(), 1, f.Next(), 0104755, 0});
  result.inventory.warnings.push_back(f.Next());
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  for (const auto& line : lines) {
    auto expression = moat::report::ToSpdxExpression(line);
    // A canonical expression must be a fixed point.
    if (expression.has_value() && moat::report::ToSpdxExpression(*expression) != expression) {
      __builtin_trap();
    }
  }
  Fields fields(std::move(lines));
  moat::report::ScanResult result = MakeResult(fields, size % 7);
  for (const std::string& format : moat::report::ReportFormats()) {
    auto out = moat::report::RenderReport(result, format);
    if (!out.ok()) __builtin_trap();
    if (format != "table" && !moat::ParseJson(*out, format).ok()) __builtin_trap();
  }
  return 0;
}
