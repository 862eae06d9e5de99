// Reading a Moat JSON report (schemaVersion 1, docs/formats/scan-json.md) back into the
// ScanResult it was rendered from, so a stored report can be rendered again in another format
// (the center's SARIF and CycloneDX downloads). The report is untrusted: bounded, never a crash.
#pragma once

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json.h"
#include "report/scan_result.h"

namespace moat::report {

// The largest report ReadJsonReport accepts.
inline constexpr size_t kMaxJsonReportBytes = size_t{256} << 20;

// Parses `text` (the report `what`, for messages). RenderJson of the result gives back the
// same report for anything RenderJson wrote. Fields the reader does not know are ignored, and
// a documented field that is missing reads as empty (reports of older 1.x releases lack fields
// added since), except the required ones: schemaVersion (1), image, packages[].ecosystem, name
// and version, vulnerabilities[].id and package, findings[].category and ruleId,
// executables[].path. Errors are InvalidArgument naming the field:
// "<what>: vulnerabilities[3].package: not a string"; also for invalid JSON, a report larger
// than kMaxJsonReportBytes, an array of more than a million entries, an integer out of range
// and a name outside the documented values (ecosystem, origin, state, category).
absl::StatusOr<ScanResult> ReadJsonReport(absl::string_view text, absl::string_view what);
// The same for a report already parsed (an upload's body), without parsing it again.
absl::StatusOr<ScanResult> ReadParsedJsonReport(const Json& doc, absl::string_view what);

}  // namespace moat::report
