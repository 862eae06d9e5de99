// Images and scans: the images list with filters, one image with its report, CI/CD uploads and
// the pipeline scans list, and the system summary.
#include <cstdio>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "report/json_reader.h"
#include "report/render.h"
#include "server/api_json.h"
#include "server/center.h"
#include "server/report_ingest.h"

namespace moat::server {
namespace {

absl::StatusOr<store::ImageQuery> ImageQueryFrom(const http::Request& request) {
  store::ImageQuery query;
  query.type = request.Query("type");
  query.severity = request.Query("severity");
  query.category = request.Query("category");
  query.registry_id = request.Query("registry");
  query.search = request.Query("search");
  std::string has_fix = request.Query("hasFix");
  if (!has_fix.empty() && has_fix != "true" && has_fix != "false") {
    return absl::InvalidArgumentError("query parameter hasFix: expected true or false");
  }
  query.has_fix = has_fix == "true";
  query.sort = request.Query("sort", "scanned_at");
  std::string order = request.Query("order", "desc");
  if (order != "asc" && order != "desc") {
    return absl::InvalidArgumentError("query parameter order: expected asc or desc");
  }
  query.descending = order == "desc";
  MOAT_ASSIGN_OR_RETURN(Page page, QueryPage(request, 50));
  query.offset = page.offset;
  query.limit = page.limit;
  return query;
}

absl::StatusOr<store::Pipeline> PipelineFrom(const Json& body) {
  store::Pipeline pipeline;
  const Json* object = JsonField(body, "pipeline");
  if (object == nullptr || object->is_null()) {
    pipeline.provider = "other";
    return pipeline;
  }
  if (!object->is_object()) return absl::InvalidArgumentError("pipeline: expected an object");
  pipeline.provider = JsonString(*object, "provider", "other");
  pipeline.repository = JsonString(*object, "repository");
  pipeline.workflow = JsonString(*object, "workflow");
  pipeline.run = JsonString(*object, "run");
  pipeline.commit = JsonString(*object, "commit");
  pipeline.branch = JsonString(*object, "branch");
  pipeline.url = JsonString(*object, "url");
  return pipeline;
}

// The downloads of an image's report: the stored Moat JSON as is, or rendered from it again.
struct ReportDownload {
  absl::string_view format;
  absl::string_view content_type;
  absl::string_view filename;
};
constexpr ReportDownload kReportDownloads[] = {
    {"json", "application/json", "moat-report.json"},
    {"sarif", "application/sarif+json", "moat-report.sarif"},
    {"cyclonedx", "application/vnd.cyclonedx+json", "moat-report.cdx.json"},
};

const ReportDownload* FindReportDownload(absl::string_view format) {
  for (const ReportDownload& download : kReportDownloads) {
    if (download.format == format) return &download;
  }
  return nullptr;
}

// The stored report in `download.format`; a stored report that cannot be read back is a
// server-side fault (500), logged with the image.
http::Response RenderStoredReport(const std::string& digest, const std::string& report_json,
                                  const ReportDownload& download) {
  if (download.format == "json") return http::JsonResponse(200, report_json);
  absl::StatusOr<report::ScanResult> result = report::ReadJsonReport(report_json, "stored report");
  absl::StatusOr<std::string> rendered =
      result.ok() ? report::RenderReport(*result, download.format) : result.status();
  if (!rendered.ok()) {
    std::string message = absl::StrCat("image ", digest, ": cannot render the report as ",
                                       download.format, ": ", rendered.status().message());
    std::fprintf(stderr, "moat: %s\n", message.c_str());
    return http::ErrorResponse(500, message);
  }
  http::Response response = http::JsonResponse(200, std::move(*rendered));
  response.content_type = std::string(download.content_type);
  return response;
}

}  // namespace

http::Response Center::ListImages(http::Request& request, const Principal&) {
  auto query = ImageQueryFrom(request);
  if (!query.ok()) return StatusResponse(query.status());
  auto page = deps_.store->ListImages(*query);
  if (!page.ok()) return StatusResponse(page.status());
  Json images = Json::array();
  for (const store::ImageRecord& image : page->images) images.push_back(ImageJson(image));
  Json body = {{"total", page->total},
               {"offset", query->offset},
               {"limit", query->limit},
               {"images", std::move(images)}};
  return http::JsonResponse(200, DumpJson(body));
}

http::Response Center::GetImage(http::Request& request, const Principal&) {
  std::string digest = request.Param("digest");
  auto scan = deps_.store->GetLatestScan(digest);
  if (!scan.ok()) return StatusResponse(scan.status());
  if (!scan->has_value())
    return http::ErrorResponse(404, absl::StrCat("image ", digest, ": not found"));
  auto image = deps_.store->GetImage(digest);
  if (!image.ok()) return StatusResponse(image.status());
  if (!image->has_value())
    return http::ErrorResponse(404, absl::StrCat("image ", digest, ": not found"));
  Json body = ImageJson(**image);
  auto report = ParseJson((*scan)->report_json, "stored report");
  body["report"] = report.ok() ? *report : Json(nullptr);
  if ((*scan)->pipeline.has_value()) body["pipeline"] = PipelineJson(*(*scan)->pipeline);
  body["gate"] = (*scan)->gate;
  return http::JsonResponse(200, DumpJson(body));
}

http::Response Center::GetImageReport(http::Request& request, const Principal&) {
  std::string digest = request.Param("digest");
  std::string format = request.Query("format", "json");
  const ReportDownload* download = FindReportDownload(format);
  if (download == nullptr) {
    return http::ErrorResponse(
        400, absl::StrCat("query parameter format: \"", format,
                          "\" is not a report format (expected json, sarif or cyclonedx)"));
  }
  auto scan = deps_.store->GetLatestScan(digest);
  if (!scan.ok()) return StatusResponse(scan.status());
  if (!scan->has_value())
    return http::ErrorResponse(404, absl::StrCat("image ", digest, ": not found"));
  http::Response response = RenderStoredReport(digest, (*scan)->report_json, *download);
  if (response.status != 200) return response;
  response.headers.emplace_back("Content-Disposition",
                                absl::StrCat("attachment; filename=\"", download->filename, "\""));
  return response;
}

http::Response Center::UploadScan(http::Request& request, const Principal& who) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  const Json* report = JsonField(*body, "report");
  if (report == nullptr) return http::ErrorResponse(400, "request body: \"report\" is missing");
  auto image = ImageFromReport(*report, "ci-cd");
  if (!image.ok()) return StatusResponse(image.status());
  auto pipeline = PipelineFrom(*body);
  if (!pipeline.ok()) return StatusResponse(pipeline.status());
  store::ScanRecord scan;
  scan.image = std::move(*image);
  scan.image.scanned_at = NowMs();
  scan.report_json = DumpJson(*report);
  // What is stored must be readable again (SARIF and CycloneDX downloads, re-rendering).
  if (auto readable = report::ReadParsedJsonReport(*report, "report"); !readable.ok()) {
    return StatusResponse(readable.status());
  }
  scan.pipeline = std::move(*pipeline);
  if (const Json* gate = JsonField(*body, "gate"); gate != nullptr && gate->is_object()) {
    scan.gate = JsonString(*gate, "result");
    scan.gate_reason = JsonString(*gate, "reason");
    if (!scan.gate.empty() && scan.gate != "pass" && scan.gate != "fail") {
      return http::ErrorResponse(400, "gate.result: expected \"pass\" or \"fail\"");
    }
  }
  scan.created_at = scan.image.scanned_at;
  auto id = deps_.store->PutScan(scan);
  if (!id.ok()) return StatusResponse(id.status());
  if (scan.gate == "fail") {
    store::AlertRecord alert;
    alert.time = scan.created_at;
    alert.kind = "ci-gate";
    alert.severity = "high";
    alert.digest = scan.image.digest;
    alert.message = absl::StrCat("CI gate failed for ", scan.image.repository, " in ",
                                 scan.pipeline->repository, " run ", scan.pipeline->run, ": ",
                                 scan.gate_reason);
    alert.detail = DumpJson(Json{
        {"scanId", *id}, {"pipeline", PipelineJson(*scan.pipeline)}, {"uploadedBy", who.name}});
    auto created = deps_.store->CreateAlert(alert);
    if (!created.ok()) return StatusResponse(created.status());
    if (deps_.notify) deps_.notify(*created);
  }
  Json answer = {{"id", *id},
                 {"digest", scan.image.digest},
                 {"image", absl::StrCat("/api/v1/images/", scan.image.digest)}};
  return http::JsonResponse(201, DumpJson(answer));
}

http::Response Center::ListScans(http::Request& request, const Principal&) {
  auto page = QueryPage(request, 50);
  if (!page.ok()) return StatusResponse(page.status());
  auto scans = deps_.store->ListPipelineScans(page->offset, page->limit);
  if (!scans.ok()) return StatusResponse(scans.status());
  Json items = Json::array();
  for (const store::PipelineScan& scan : *scans) items.push_back(PipelineScanJson(scan));
  return http::JsonResponse(200, DumpJson(Json{{"scans", std::move(items)}}));
}

http::Response Center::Overview(http::Request&, const Principal&) {
  auto levels = deps_.store->CountImagesByRisk();
  if (!levels.ok()) return StatusResponse(levels.status());
  store::ImageQuery worst;
  worst.sort = "critical";
  worst.limit = 10;
  auto top = deps_.store->ListImages(worst);
  if (!top.ok()) return StatusResponse(top.status());
  store::AlertQuery latest;
  latest.limit = 5;
  auto alerts = deps_.store->ListAlerts(latest);
  if (!alerts.ok()) return StatusResponse(alerts.status());
  auto built_at = deps_.store->GetSetting("vulndb.built_at");
  if (!built_at.ok()) return StatusResponse(built_at.status());
  Json by_risk = Json::object();
  for (const auto& [level, count] : *levels) by_risk[level] = count;
  Json top_images = Json::array();
  for (const store::ImageRecord& image : top->images) top_images.push_back(ImageJson(image));
  Json latest_alerts = Json::array();
  for (const store::AlertRecord& alert : *alerts) latest_alerts.push_back(AlertJson(alert));
  EditionState edition = Edition();
  Json license = edition.license.value_or(Json(nullptr));
  Json body = {{"images", {{"total", top->total}, {"byRisk", std::move(by_risk)}}},
               {"topVulnerable", std::move(top_images)},
               {"latestAlerts", std::move(latest_alerts)},
               {"database", {{"builtAt", built_at->value_or("")}}},
               {"edition", edition.ultimate ? "ultimate" : "enterprise"},
               {"licenseExpiresAt", license.is_object() ? license["expiresAt"] : Json(nullptr)}};
  return http::JsonResponse(200, DumpJson(body));
}

http::Response Center::System(http::Request&, const Principal& who) {
  EditionState edition = Edition();
  auto queued = deps_.store->CountJobs("queued");
  auto running = deps_.store->CountJobs("running");
  auto db_updated = deps_.store->GetSetting("vulndb.built_at");
  Json body = {
      {"version", config_.version},
      {"caller", {{"name", who.name}, {"role", store::RoleName(who.role)}}},
      {"edition", edition.ultimate ? "ultimate" : "enterprise"},
      {"editionDetail", edition.detail},
      {"queue",
       {{"queued", queued.ok() ? *queued : -1}, {"running", running.ok() ? *running : -1}}},
      {"database",
       {{"builtAt", db_updated.ok() && db_updated->has_value() ? **db_updated : std::string()}}}};
  return http::JsonResponse(200, DumpJson(body));
}

}  // namespace moat::server
