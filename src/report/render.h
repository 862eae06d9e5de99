// One entry point for every report format: the CLI names a format, RenderReport picks the
// writer from a table.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

// The format names RenderReport accepts, in display order: table, json, cyclonedx, spdx,
// sarif.
std::vector<std::string> ReportFormats();

// Renders `result` in `format`. Unknown format: InvalidArgument
// "unknown report format \"x\" (valid: table, json, cyclonedx, spdx, sarif)".
absl::StatusOr<std::string> RenderReport(const ScanResult& result, absl::string_view format,
                                         const RenderOptions& options = {});

}  // namespace moat::report
