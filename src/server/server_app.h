// One running center: the data directory (store, secret key, blob cache), the HTTP server with
// the API, the scan workers and the scheduler (registry schedules, re-matching when the
// vulnerability database changes). `moat server` and the end-to-end tests start it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "detect/detector_set.h"
#include "platform/clock.h"
#include "platform/http_client.h"

namespace moat::server {

struct ServerOptions {
  std::string data_dir;  // created when missing
  std::string database;  // "" → <data_dir>/moat.db (SQLite); or postgres://...
  std::string address = "127.0.0.1";
  int port = 8080;            // 0: any free port
  std::string tls_cert_file;  // both set: HTTPS only
  std::string tls_key_file;
  std::string vulndb_path;  // vulnerability database ("" or missing: inventory only)
  // A license public key (PEM) other than the embedded one; only honoured with dev_mode.
  std::string license_public_key_pem;
  bool dev_mode = false;
  int scan_workers = 1;    // 0: this replica serves the API but scans nothing
  std::string replica_id;  // "" → hostname:pid
  int64_t scheduler_period_ms = 30'000;
  int64_t lease_ms = 60'000;  // a scan job not renewed within this may be reclaimed
  // The detectors registry scans run (default: every one, with the built-in rules).
  detect::DetectorSettings detectors;
  // The layer cache (<data dir>/blobs) is trimmed to this many bytes, least recently used
  // blobs first (0: no limit).
  uint64_t blob_cache_max_bytes = uint64_t{20} << 30;
  // The web console's built files, served at "/" ("": no console; "/" then says how to get it).
  std::string web_dir;
};

struct ServerEnv {
  platform::Clock* clock = nullptr;
  std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
      make_http;
};

class ServerApp {
 public:
  // Opens (and on first start initialises) the data dir and store, starts listening, the workers
  // and the scheduler. Errors name what failed: "data dir /x: ...", "store ...: ...",
  // "listening on 127.0.0.1:8080: Address already in use".
  static absl::StatusOr<std::unique_ptr<ServerApp>> Start(const ServerOptions& options,
                                                          ServerEnv env);
  virtual ~ServerApp() = default;

  virtual int port() const = 0;
  // "http://127.0.0.1:8080" (https when TLS is on).
  virtual std::string url() const = 0;
  // The first admin token when this start created it (shown once), else nullopt.
  virtual const std::optional<std::string>& first_admin_token() const = 0;
  // Stops the scheduler, workers and server; idempotent.
  virtual void Stop() = 0;
};

}  // namespace moat::server
