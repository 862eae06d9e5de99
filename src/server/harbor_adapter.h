// Harbor's Pluggable Scanner API v1.2 under /harbor/api/v1, so a Harbor registers Moat as its
// scanner: /metadata (capabilities), POST /scan (queues a store "scan" job; the job id is the
// scan request id) and GET /scan/{id}/report (302 while queued, the report once stored).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "http/http_message.h"
#include "http/router.h"
#include "platform/clock.h"
#include "store/store.h"

namespace moat::server {

inline constexpr char kHarborApiPrefix[] = "/harbor/api/v1";
// Seconds Harbor is told to wait (Refresh-After) before asking again for a report in progress.
inline constexpr int kHarborRefreshAfterSeconds = 5;

struct HarborDeps {
  store::Store* store = nullptr;
  platform::Clock* clock = nullptr;
  // Seals the registry Authorization Harbor sends before it goes into the job payload (the worker
  // opens it with ScanEnv::open_secret). Null: scan requests carrying credentials answer 500.
  std::function<absl::StatusOr<std::string>(const std::string&)> seal_secret;
  // Checks the caller (the server's API-token check on "Authorization: Bearer <token>"):
  // Unauthenticated answers 401, PermissionDenied 403. Null: every request answers 401.
  std::function<absl::Status(const http::Request&)> authorize;
  std::string version;  // Moat's version, reported as the scanner's version
};

// Thread-safe once registered: handlers only read the deps and call the thread-safe store.
class HarborAdapter {
 public:
  explicit HarborAdapter(HarborDeps deps);

  // Adds the three routes under kHarborApiPrefix. The adapter must outlive the router.
  void Register(http::Router& router);

  // The handlers (authorisation included), for tests and for Register.
  http::Response Metadata(http::Request& request);
  http::Response AcceptScan(http::Request& request);
  http::Response GetReport(http::Request& request);

 private:
  // The 401/403 answer when the caller is not authorised, else nullopt.
  std::optional<http::Response> Denied(const http::Request& request) const;
  http::Response Report(const store::JobRecord& job, const std::string& mime,
                        const std::string& sbom_media_type);

  HarborDeps deps_;
};

// The spec's ErrorResponse: {"error": {"message": ...}} as
// application/vnd.scanner.adapter.error+json; version=1.0 with `status`.
http::Response HarborError(int status, absl::string_view message);

}  // namespace moat::server
