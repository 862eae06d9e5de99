// Harbor's report documents (Pluggable Scanner API v1.2) made from what the center stored for an
// image: the HarborVulnerabilityReport from the Moat JSON report, and the HarborSbomReport
// (CycloneDX or SPDX) from the stored inventory.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json.h"
#include "server/harbor_request.h"
#include "store/store.h"

namespace moat::server {

// Who made the report and when, for every document.
struct HarborReportHeader {
  HarborArtifact artifact;
  std::string scanner_version;
  std::string generated_at;  // RFC 3339 UTC
};

// Moat's severity ("critical", "high", "medium", "low", "negligible", "unknown", any case) as
// Harbor spells it ("Critical", ..., "Negligible"); anything else is "Unknown".
std::string HarborSeverity(absl::string_view moat_severity);

// The HarborVulnerabilityReport of a Moat JSON report (docs/formats/scan-json.md): one item per
// vulnerability (id, package, version, the lowest fix_version, severity, description from the
// advisory title, links, preferred_cvss when a vector is known, vendor_attributes with Moat's
// extra facts) and the worst severity overall ("Unknown" when there is none). Fields of the wrong
// type are skipped; InvalidArgument when `report_json` is not a JSON object.
absl::StatusOr<Json> HarborVulnerabilityReport(absl::string_view report_json,
                                               const HarborReportHeader& header);

// The HarborSbomReport of a stored scan in `media_type` (kCycloneDxMime: the stored CycloneDX
// inventory as is; kSpdxMime: that inventory written as SPDX 2.3). InvalidArgument for another
// media type; FailedPrecondition when the scan holds no inventory.
absl::StatusOr<Json> HarborSbomReport(const store::ScanRecord& scan, absl::string_view media_type,
                                      const HarborReportHeader& header);

}  // namespace moat::server
