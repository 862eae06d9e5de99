// The route table, authentication and authorisation of every request, and the open endpoints
// (health, readiness, metrics, OpenAPI).
#include "server/center.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "auth/permissions.h"
#include "auth/token.h"
#include "common/status.h"
#include "server/api_json.h"

namespace moat::server {

Center::Center(CenterDeps deps, CenterConfig config)
    : deps_(std::move(deps)), config_(std::move(config)) {}

const std::vector<Center::Route>& Center::Routes() {
  static const std::vector<Route> routes = {
      {"GET", "/healthz", Need::kNothing, &Center::Health},
      {"GET", "/readyz", Need::kNothing, &Center::Ready},
      {"GET", "/metrics", Need::kNothing, &Center::Metrics},
      {"GET", "/api/v1/openapi.json", Need::kNothing, &Center::OpenApi},
      {"GET", "/api/v1/system", Need::kRead, &Center::System},
      {"GET", "/api/v1/overview", Need::kRead, &Center::Overview},
      {"GET", "/api/v1/images", Need::kRead, &Center::ListImages},
      {"GET", "/api/v1/images/{digest}", Need::kRead, &Center::GetImage},
      {"GET", "/api/v1/images/{digest}/report", Need::kRead, &Center::GetImageReport},
      {"GET", "/api/v1/scans", Need::kRead, &Center::ListScans},
      {"POST", "/api/v1/scans", Need::kScan, &Center::UploadScan},
      {"GET", "/api/v1/registries", Need::kRead, &Center::ListRegistries},
      {"POST", "/api/v1/registries", Need::kAdmin, &Center::CreateRegistry},
      {"POST", "/api/v1/registries/test", Need::kAdmin, &Center::TestRegistry},
      {"GET", "/api/v1/registries/{id}", Need::kRead, &Center::GetRegistry},
      {"PATCH", "/api/v1/registries/{id}", Need::kAdmin, &Center::PatchRegistry},
      {"DELETE", "/api/v1/registries/{id}", Need::kAdmin, &Center::DeleteRegistry},
      {"POST", "/api/v1/registries/{id}/scan", Need::kScan, &Center::ScanRegistry},
      {"GET", "/api/v1/jobs/{id}", Need::kRead, &Center::GetJob},
      {"GET", "/api/v1/tokens", Need::kAdmin, &Center::ListTokens},
      {"POST", "/api/v1/tokens", Need::kAdmin, &Center::CreateToken},
      {"DELETE", "/api/v1/tokens/{id}", Need::kAdmin, &Center::RevokeToken},
      {"GET", "/api/v1/audit", Need::kAdmin, &Center::ListAudit},
      {"GET", "/api/v1/license", Need::kRead, &Center::GetLicense},
      {"PUT", "/api/v1/license", Need::kAdmin, &Center::PutLicense},
      {"GET", "/api/v1/alerts", Need::kRead, &Center::ListAlerts},
      {"PATCH", "/api/v1/alerts/{id}", Need::kScan, &Center::PatchAlert},
      {"GET", "/api/v1/settings/webhooks", Need::kAdmin, &Center::GetWebhooks},
      {"PUT", "/api/v1/settings/webhooks", Need::kAdmin, &Center::PutWebhooks},
      {"GET", "/api/v1/microsegmentation", Need::kRead, &Center::Microsegmentation},
      {"GET", "/api/v1/assets", Need::kRead, &Center::ListAssets},
      {"POST", "/api/v1/assets", Need::kScan, &Center::ReportAsset},
  };
  return routes;
}

void Center::Register(http::Router& router) {
  constexpr uint64_t kUploadBytes = uint64_t{64} << 20;
  constexpr uint64_t kRequestBytes = uint64_t{1} << 20;
  for (const Route& route : Routes()) {
    http::RouteOptions options;
    options.max_body_bytes = route.handler == &Center::UploadScan ? kUploadBytes : kRequestBytes;
    router.Add(
        route.method, route.pattern,
        [this, &route](http::Request& request) { return Serve(route, request); }, options);
  }
}

store::TimeMs Center::NowMs() { return absl::ToUnixMillis(deps_.clock->Now()); }

store::AuditEntry Center::Audit(const Principal& who, std::string action, std::string target,
                                std::string detail) {
  store::AuditEntry entry;
  entry.time = NowMs();
  entry.actor = who.name;
  entry.action = std::move(action);
  entry.target = std::move(target);
  entry.detail = std::move(detail);
  return entry;
}

absl::StatusOr<Principal> Center::Authenticate(const http::Request& request) {
  std::string authorization = request.Header("authorization");
  if (authorization.empty()) {
    return absl::UnauthenticatedError("missing API token: send \"Authorization: Bearer <token>\"");
  }
  MOAT_ASSIGN_OR_RETURN(std::string token, auth::ParseBearer(authorization));
  if (!auth::LooksLikeToken(token))
    return absl::UnauthenticatedError("unknown or revoked API token");
  MOAT_ASSIGN_OR_RETURN(auto record, deps_.store->FindToken(auth::HashToken(token), NowMs()));
  if (!record.has_value()) return absl::UnauthenticatedError("unknown or revoked API token");
  return Principal{record->id, record->name, record->role};
}

absl::StatusOr<Principal> Center::Authorize(const http::Request& request, Need need) {
  if (need == Need::kNothing) return Principal{"", "anonymous", store::Role::kViewer};
  MOAT_ASSIGN_OR_RETURN(Principal principal, Authenticate(request));
  auth::Action action = need == Need::kRead   ? auth::Action::kRead
                        : need == Need::kScan ? auth::Action::kScan
                                              : auth::Action::kAdmin;
  if (!auth::RoleAllows(principal.role, action)) {
    return absl::PermissionDeniedError(
        auth::PermissionDeniedMessage(principal.name, principal.role, action));
  }
  return principal;
}

http::Response Center::Serve(const Route& route, http::Request& request) {
  auto principal = Authorize(request, route.need);
  if (!principal.ok()) return StatusResponse(principal.status());
  return (this->*route.handler)(request, *principal);
}

http::Response Center::Health(http::Request&, const Principal&) {
  return http::JsonResponse(200, R"({"status":"ok"})");
}

http::Response Center::Ready(http::Request&, const Principal&) {
  auto probe = deps_.store->GetSetting("schema.probe");
  if (!probe.ok()) {
    return http::ErrorResponse(503, absl::StrCat("store not ready: ", probe.status().message()));
  }
  return http::JsonResponse(200, R"({"status":"ready"})");
}

http::Response Center::Metrics(http::Request&, const Principal&) {
  if (!deps_.render_metrics) return http::ErrorResponse(404, "metrics are not enabled");
  http::Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = deps_.render_metrics();
  return response;
}

http::Response Center::OpenApi(http::Request&, const Principal&) {
  return http::JsonResponse(200, config_.openapi_json);
}

}  // namespace moat::server
