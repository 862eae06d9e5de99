// The wire vocabulary of Harbor's Pluggable Scanner API v1.2 (goharbor/pluggable-scanner-spec):
// its MIME types, the ScanRequest body Harbor POSTs to /scan, and the Accept header choices.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::server {

// Artifacts Moat scans.
inline constexpr char kOciManifestMime[] = "application/vnd.oci.image.manifest.v1+json";
inline constexpr char kDockerManifestMime[] =
    "application/vnd.docker.distribution.manifest.v2+json";
// Reports Moat produces.
inline constexpr char kHarborVulnReportMime[] =
    "application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0";
inline constexpr char kSecurityVulnReportMime[] =
    "application/vnd.security.vulnerability.report; version=1.1";
inline constexpr char kRawVulnReportMime[] = "application/vnd.scanner.adapter.vuln.report.raw";
inline constexpr char kSbomReportMime[] = "application/vnd.security.sbom.report+json; version=1.0";
// SBOM formats (the sbom_media_type query parameter).
inline constexpr char kSpdxMime[] = "application/spdx+json";
inline constexpr char kCycloneDxMime[] = "application/vnd.cyclonedx+json";
// Bodies of the adapter's own responses.
inline constexpr char kMetadataMime[] =
    "application/vnd.scanner.adapter.metadata+json; version=1.1";
inline constexpr char kScanResponseMime[] =
    "application/vnd.scanner.adapter.scan.response+json; version=1.0";
inline constexpr char kErrorMime[] = "application/vnd.scanner.adapter.error+json; version=1.0";

// The artifact of a scan request, as the spec's Artifact object names it.
struct HarborArtifact {
  std::string repository;  // "library/mongo"
  std::string digest;      // "sha256:<64 hex>"
  std::string tag;         // may be empty
  std::string mime_type;   // may be empty (then an image manifest is assumed)
};

// A parsed ScanRequest.
struct HarborScanRequest {
  std::string registry_url;   // "https://core.harbor.domain"
  std::string authorization;  // "Basic …" / "Bearer …" or ""
  HarborArtifact artifact;
  // The enabled capability types ("vulnerability", "sbom"); empty: every capability.
  std::vector<std::string> capabilities;
};

// Parses a ScanRequest body. The status code says which answer the spec wants:
// InvalidArgument (400) for bytes that are not a JSON object or values of the wrong JSON type;
// FailedPrecondition (422, "invalid field") for a missing or malformed registry URL, repository
// or digest, or an artifact MIME type Moat does not scan; Unimplemented (501) when none of the
// enabled capabilities is one Moat has. Messages name the field.
absl::StatusOr<HarborScanRequest> ParseHarborScanRequest(absl::string_view body);

// The report MIME type an Accept header asks for: the first of its comma-separated entries that
// names a report Moat produces (compared without case or blanks around ';'); an empty header,
// "*/*" or "application/*" means the Harbor vulnerability report. NotFound when nothing fits.
absl::StatusOr<std::string> ChooseReportMime(absl::string_view accept);

}  // namespace moat::server
