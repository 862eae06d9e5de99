#include "report/render.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/cyclonedx_writer.h"
#include "report/json_writer.h"
#include "report/sarif_writer.h"
#include "report/spdx_writer.h"
#include "report/table_writer.h"

namespace moat::report {
namespace {

using Writer = std::string (*)(const ScanResult&, const RenderOptions&);

constexpr std::array<std::pair<absl::string_view, Writer>, 5> kWriters = {{
    {"table", &RenderTable},
    {"json", &RenderJson},
    {"cyclonedx", &RenderCycloneDx},
    {"spdx", &RenderSpdx},
    {"sarif", &RenderSarif},
}};

}  // namespace

std::vector<std::string> ReportFormats() {
  std::vector<std::string> names;
  for (const auto& [name, writer] : kWriters) names.emplace_back(name);
  return names;
}

absl::StatusOr<std::string> RenderReport(const ScanResult& result, absl::string_view format,
                                         const RenderOptions& options) {
  for (const auto& [name, writer] : kWriters) {
    if (name == format) return writer(result, options);
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown report format \"", format, "\" (valid: ",
                                                 absl::StrJoin(ReportFormats(), ", "), ")"));
}

}  // namespace moat::report
