// Record → JSON for API answers, and status → HTTP error mapping.
#include "server/api_json.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status.h"

namespace moat::server {

std::string FormatTimeMs(store::TimeMs ms) {
  if (ms == 0) return "";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(ms), absl::UTCTimeZone());
}

Json ImageJson(const store::ImageRecord& image) {
  Json risk = Json::object();
  for (const store::RiskCount& count : image.risk) {
    Json& category = risk[count.category];
    category[count.severity] = count.count;
    if (count.category == "vulnerability") {
      category["fixable"] = JsonInt(category, "fixable").value_or(0) + count.fixable;
    }
  }
  return Json{{"digest", image.digest},
              {"imageId", image.image_id},
              {"type", image.type},
              {"registry", image.registry_id},
              {"repository", image.repository},
              {"tags", image.tags},
              {"scannedAt", FormatTimeMs(image.scanned_at)},
              {"scanId", image.scan_id},
              {"risk", risk}};
}

Json TokenJson(const store::TokenRecord& token) {
  return Json{{"id", token.id},
              {"name", token.name},
              {"role", store::RoleName(token.role)},
              {"createdAt", FormatTimeMs(token.created_at)},
              {"createdBy", token.created_by},
              {"lastUsedAt", FormatTimeMs(token.last_used_at)},
              {"revoked", token.revoked}};
}

Json AuditJson(const store::AuditEntry& entry) {
  return Json{{"time", FormatTimeMs(entry.time)},
              {"actor", entry.actor},
              {"action", entry.action},
              {"target", entry.target},
              {"detail", entry.detail}};
}

Json AlertJson(const store::AlertRecord& alert) {
  Json detail = nullptr;
  if (!alert.detail.empty()) {
    auto parsed = ParseJson(alert.detail, "alert detail");
    detail = parsed.ok() ? *parsed : Json(alert.detail);
  }
  return Json{{"id", alert.id},         {"time", FormatTimeMs(alert.time)},
              {"kind", alert.kind},     {"severity", alert.severity},
              {"digest", alert.digest}, {"message", alert.message},
              {"detail", detail},       {"status", alert.status}};
}

Json PipelineJson(const store::Pipeline& pipeline) {
  return Json{{"provider", pipeline.provider},
              {"repository", pipeline.repository},
              {"workflow", pipeline.workflow},
              {"run", pipeline.run},
              {"commit", pipeline.commit},
              {"branch", pipeline.branch},
              {"url", pipeline.url}};
}

Json PipelineScanJson(const store::PipelineScan& scan) {
  return Json{{"id", scan.scan_id},
              {"digest", scan.digest},
              {"repository", scan.repository},
              {"tags", scan.tags},
              {"pipeline", PipelineJson(scan.pipeline)},
              {"gate", scan.gate},
              {"gateReason", scan.gate_reason},
              {"createdAt", FormatTimeMs(scan.created_at)}};
}

absl::StatusOr<Json> ParseBodyObject(const http::Request& request) {
  if (request.body.empty()) return absl::InvalidArgumentError("request body: empty, expected JSON");
  auto parsed = ParseJson(request.body, "request body");
  if (!parsed.ok()) return absl::InvalidArgumentError(parsed.status().message());
  if (!parsed->is_object())
    return absl::InvalidArgumentError("request body: expected a JSON object");
  return parsed;
}

http::Response StatusResponse(const absl::Status& status) {
  int code = 500;
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      code = 400;
      break;
    case absl::StatusCode::kUnauthenticated:
      code = 401;
      break;
    case absl::StatusCode::kPermissionDenied:
      code = 403;
      break;
    case absl::StatusCode::kNotFound:
      code = 404;
      break;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
      code = 409;
      break;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      code = 503;
      break;
    default:
      break;
  }
  return http::ErrorResponse(code, status.message());
}

absl::StatusOr<int64_t> QueryInt(const http::Request& request, absl::string_view name,
                                 int64_t fallback, int64_t min, int64_t max) {
  std::string text = request.Query(name);
  if (text.empty()) return fallback;
  int64_t value = 0;
  if (!absl::SimpleAtoi(text, &value) || value < min || value > max) {
    return absl::InvalidArgumentError(absl::StrCat("query parameter ", name, "=\"", text,
                                                   "\": expected an integer in [", min, ", ", max,
                                                   "]"));
  }
  return value;
}

absl::StatusOr<Page> QueryPage(const http::Request& request, int64_t default_limit) {
  Page page;
  MOAT_ASSIGN_OR_RETURN(page.offset, QueryInt(request, "offset", 0, 0, int64_t{1} << 40));
  MOAT_ASSIGN_OR_RETURN(page.limit, QueryInt(request, "limit", default_limit, 1, 1000));
  return page;
}

}  // namespace moat::server
