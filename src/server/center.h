// The center's API: every /api/v1 endpoint, health, readiness and metrics, as handlers over the
// store. Transport (Beast, TLS, limits) is http::HttpServer's; this class only maps requests to
// store operations, checks the caller's role and the edition, and writes the audit log.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/json.h"
#include "http/http_message.h"
#include "http/router.h"
#include "platform/clock.h"
#include "store/store.h"

namespace moat::server {

// What a route needs from the caller's token.
enum class Need { kNothing, kRead, kScan, kAdmin };

// The caller, once its token has been checked.
struct Principal {
  std::string token_id;
  std::string name;
  store::Role role = store::Role::kViewer;
};

struct CenterConfig {
  std::string version;
  std::string license_public_key_pem;  // the key licenses must be signed with
  std::string openapi_json;            // served at /api/v1/openapi.json
};

// Collaborators the center does not own.
struct CenterDeps {
  store::Store* store = nullptr;
  platform::Clock* clock = nullptr;
  // Renders the Prometheus exposition (may be empty: /metrics then answers 404).
  std::function<std::string()> render_metrics;
  // Queues a scan of a registry (set by the job layer; nullptr: 503 "scanning is not enabled").
  std::function<absl::StatusOr<std::vector<store::JobRecord>>(const store::RegistryRecord&)>
      scan_registry;
  // Encrypts a registry password for storage (nullptr: passwords are refused).
  std::function<absl::StatusOr<std::string>(const std::string&)> seal_secret;
  // Called for every new alert (the webhook notifier; may be empty).
  std::function<void(const store::AlertRecord&)> notify;
  // Checks that a registry answers with the given settings (nullptr: no check).
  std::function<absl::Status(const store::RegistryRecord&, const std::string& password)>
      test_registry;
};

class Center {
 public:
  using Handler = http::Response (Center::*)(http::Request&, const Principal&);
  struct Route {
    const char* method;
    const char* pattern;
    Need need;
    Handler handler;
  };

  Center(CenterDeps deps, CenterConfig config);

  // Every route the center serves, for registration on an http::Router.
  static const std::vector<Route>& Routes();
  // Adds every route to `router`, each calling Serve (uploads may carry 64 MiB, other requests
  // 1 MiB). The center must outlive the router.
  void Register(http::Router& router);
  // The caller of `request` when its token allows `need`: Unauthenticated for a missing, unknown
  // or revoked token, PermissionDenied (naming the role needed) for a role too low.
  absl::StatusOr<Principal> Authorize(const http::Request& request, Need need);
  // Authenticates and authorises `request` for `route`, then runs its handler.
  http::Response Serve(const Route& route, http::Request& request);

  // The edition in force now ("enterprise" or "ultimate") and why (license id or the reason the
  // stored license is not used).
  struct EditionState {
    bool ultimate = false;
    std::string detail;
    std::optional<Json> license;  // the verified license object
  };
  EditionState Edition();

 private:
  absl::StatusOr<Principal> Authenticate(const http::Request& request);
  store::AuditEntry Audit(const Principal& who, std::string action, std::string target,
                          std::string detail = "");
  store::TimeMs NowMs();

  http::Response Health(http::Request&, const Principal&);
  http::Response Ready(http::Request&, const Principal&);
  http::Response Metrics(http::Request&, const Principal&);
  http::Response OpenApi(http::Request&, const Principal&);
  http::Response System(http::Request&, const Principal&);
  http::Response Overview(http::Request&, const Principal&);
  http::Response ListImages(http::Request&, const Principal&);
  http::Response GetImage(http::Request&, const Principal&);
  http::Response GetImageReport(http::Request&, const Principal&);
  http::Response UploadScan(http::Request&, const Principal&);
  http::Response ListScans(http::Request&, const Principal&);
  http::Response ListTokens(http::Request&, const Principal&);
  http::Response CreateToken(http::Request&, const Principal&);
  http::Response RevokeToken(http::Request&, const Principal&);
  http::Response ListAudit(http::Request&, const Principal&);
  http::Response GetLicense(http::Request&, const Principal&);
  http::Response PutLicense(http::Request&, const Principal&);
  http::Response ListAlerts(http::Request&, const Principal&);
  http::Response PatchAlert(http::Request&, const Principal&);
  http::Response GetWebhooks(http::Request&, const Principal&);
  http::Response PutWebhooks(http::Request&, const Principal&);
  http::Response Microsegmentation(http::Request&, const Principal&);
  http::Response ListAssets(http::Request&, const Principal&);
  http::Response ReportAsset(http::Request&, const Principal&);
  http::Response ListRegistries(http::Request&, const Principal&);
  http::Response CreateRegistry(http::Request&, const Principal&);
  http::Response GetRegistry(http::Request&, const Principal&);
  http::Response PatchRegistry(http::Request&, const Principal&);
  http::Response DeleteRegistry(http::Request&, const Principal&);
  http::Response TestRegistry(http::Request&, const Principal&);
  http::Response ScanRegistry(http::Request&, const Principal&);
  http::Response GetJob(http::Request&, const Principal&);

  CenterDeps deps_;
  CenterConfig config_;
};

}  // namespace moat::server
