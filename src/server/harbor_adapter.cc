#include "server/harbor_adapter.h"

#include <optional>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/json.h"
#include "scanjob/harbor_job.h"
#include "server/api_json.h"
#include "server/harbor_report.h"
#include "server/harbor_request.h"

namespace moat::server {
namespace {

constexpr uint64_t kMaxScanRequestBytes = 1 << 20;

http::Response JsonOf(int status, const Json& body, absl::string_view content_type) {
  http::Response response;
  response.status = status;
  response.content_type = std::string(content_type);
  response.body = DumpJson(body);
  return response;
}

// A store error as the spec's answer: an unknown id is 404, anything else 500.
http::Response StoreError(const absl::Status& status) {
  if (absl::IsNotFound(status) || absl::IsInvalidArgument(status)) {
    return HarborError(404, "no scan request with this id");
  }
  return HarborError(500, status.message());
}

Json Capabilities() {
  Json consumes = {kOciManifestMime, kDockerManifestMime};
  Json vulnerability = {{"type", "vulnerability"},
                        {"consumes_mime_types", consumes},
                        {"produces_mime_types",
                         {kHarborVulnReportMime, kSecurityVulnReportMime, kRawVulnReportMime}}};
  Json sbom = {{"type", "sbom"},
               {"consumes_mime_types", consumes},
               {"produces_mime_types", {kSbomReportMime}},
               {"additional_attributes", {{"sbom_media_types", {kSpdxMime, kCycloneDxMime}}}}};
  return Json::array({vulnerability, sbom});
}

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string QueryEscape(absl::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&out, "%%%02X", c);
    }
  }
  return out;
}

// 302 to the same report with Refresh-After, as the spec asks while a scan is in progress.
http::Response InProgress(const http::Request& request, const std::string& sbom_media_type) {
  http::Response response;
  response.status = 302;
  response.content_type = kErrorMime;
  std::string location = request.raw_path.empty() ? request.path : request.raw_path;
  if (!sbom_media_type.empty()) {
    absl::StrAppend(&location, "?sbom_media_type=", QueryEscape(sbom_media_type));
  }
  response.headers = {{"Refresh-After", absl::StrCat(kHarborRefreshAfterSeconds)},
                      {"Location", location}};
  response.body = DumpJson(Json{{"error", {{"message", "the scan is in progress"}}}});
  return response;
}

// The artifact of a job: what Harbor sent when the job is Harbor's, else the stored image.
HarborArtifact ArtifactOf(const store::JobRecord& job, const store::ScanRecord& scan) {
  HarborArtifact artifact;
  artifact.digest = job.digest;
  artifact.repository = scan.image.repository;
  auto payload = scanjob::ParseHarborJobPayload(job.payload);
  if (payload.ok() && payload->has_value()) {
    artifact.repository = (*payload)->repository;
    artifact.tag = (*payload)->tag;
    artifact.mime_type = (*payload)->mime_type;
  }
  return artifact;
}

int ParseErrorStatus(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return 400;
    case absl::StatusCode::kFailedPrecondition:
      return 422;
    case absl::StatusCode::kUnimplemented:
      return 501;
    default:
      return 500;
  }
}

}  // namespace

http::Response HarborError(int status, absl::string_view message) {
  return JsonOf(status, Json{{"error", {{"message", std::string(message)}}}}, kErrorMime);
}

HarborAdapter::HarborAdapter(HarborDeps deps) : deps_(std::move(deps)) {}

void HarborAdapter::Register(http::Router& router) {
  std::string prefix = kHarborApiPrefix;
  router.Add("GET", prefix + "/metadata", [this](http::Request& r) { return Metadata(r); });
  router.Add(
      "POST", prefix + "/scan", [this](http::Request& r) { return AcceptScan(r); },
      http::RouteOptions{kMaxScanRequestBytes});
  router.Add("GET", prefix + "/scan/{scan_request_id}/report",
             [this](http::Request& r) { return GetReport(r); });
}

std::optional<http::Response> HarborAdapter::Denied(const http::Request& request) const {
  absl::Status status = deps_.authorize
                            ? deps_.authorize(request)
                            : absl::UnauthenticatedError("the scanner API is not enabled");
  if (status.ok()) return std::nullopt;
  return HarborError(absl::IsPermissionDenied(status) ? 403 : 401, status.message());
}

http::Response HarborAdapter::Metadata(http::Request& request) {
  if (auto denied = Denied(request)) return *denied;
  Json properties = {{"harbor.scanner-adapter/scanner-type", "os-package-vulnerability"}};
  auto built_at = deps_.store->GetSetting("vulndb.built_at");
  if (built_at.ok() && built_at->has_value()) {
    properties["harbor.scanner-adapter/vulnerability-database-updated-at"] = **built_at;
  }
  Json metadata = {{"scanner", {{"name", "Moat"}, {"vendor", "Moat"}, {"version", deps_.version}}},
                   {"capabilities", Capabilities()},
                   {"properties", properties}};
  return JsonOf(200, metadata, kMetadataMime);
}

http::Response HarborAdapter::AcceptScan(http::Request& request) {
  if (auto denied = Denied(request)) return *denied;
  auto parsed = ParseHarborScanRequest(request.body);
  if (!parsed.ok())
    return HarborError(ParseErrorStatus(parsed.status()), parsed.status().message());
  scanjob::HarborJobPayload payload;
  payload.registry_url = parsed->registry_url;
  payload.repository = parsed->artifact.repository;
  payload.tag = parsed->artifact.tag;
  payload.mime_type = parsed->artifact.mime_type;
  if (!parsed->authorization.empty()) {
    if (!deps_.seal_secret) return HarborError(500, "registry credentials cannot be kept");
    auto sealed = deps_.seal_secret(parsed->authorization);
    if (!sealed.ok()) return HarborError(500, sealed.status().message());
    payload.sealed_authorization = *std::move(sealed);
  }
  store::JobRecord job;
  job.kind = "scan";
  job.digest = parsed->artifact.digest;
  job.payload = scanjob::HarborJobPayloadJson(payload);
  job.state = "queued";
  job.created_at = absl::ToUnixMillis(deps_.clock->Now());
  job.updated_at = job.created_at;
  auto queued = deps_.store->EnqueueJob(job);
  if (!queued.ok()) return HarborError(500, queued.status().message());
  return JsonOf(202, Json{{"id", queued->id}}, kScanResponseMime);
}

http::Response HarborAdapter::GetReport(http::Request& request) {
  if (auto denied = Denied(request)) return *denied;
  auto job = deps_.store->GetJob(request.Param("scan_request_id"));
  if (!job.ok()) return StoreError(job.status());
  auto mime = ChooseReportMime(request.Header("accept"));
  if (!mime.ok()) return HarborError(501, mime.status().message());
  std::string sbom_media_type = request.Query("sbom_media_type");
  if (*mime == kSbomReportMime && sbom_media_type != kSpdxMime &&
      sbom_media_type != kCycloneDxMime) {
    return HarborError(400, absl::StrCat("an SBOM report needs ?sbom_media_type=", kSpdxMime,
                                         " or ", kCycloneDxMime));
  }
  if (job->state == "queued" || job->state == "running") {
    return InProgress(request, sbom_media_type);
  }
  if (job->state == "failed") return HarborError(500, absl::StrCat("scan failed: ", job->error));
  return Report(*job, *mime, sbom_media_type);
}

http::Response HarborAdapter::Report(const store::JobRecord& job, const std::string& mime,
                                     const std::string& sbom_media_type) {
  auto scan = deps_.store->GetLatestScan(job.digest);
  if (!scan.ok()) return HarborError(500, scan.status().message());
  if (!scan->has_value()) {
    return HarborError(500, absl::StrCat("scan finished but no report is stored for ", job.digest));
  }
  const store::ScanRecord& record = **scan;
  if (mime == kRawVulnReportMime) {
    http::Response raw;
    raw.content_type = mime;
    raw.body = record.report_json;
    return raw;
  }
  HarborReportHeader header{ArtifactOf(job, record), deps_.version,
                            FormatTimeMs(record.created_at)};
  auto report = mime == kSbomReportMime ? HarborSbomReport(record, sbom_media_type, header)
                                        : HarborVulnerabilityReport(record.report_json, header);
  if (!report.ok()) return HarborError(500, report.status().message());
  return JsonOf(200, *report, mime);
}

}  // namespace moat::server
