// An asynchronous HTTP/1.1 server (Boost.Beast inside, not exposed): routes requests to a
// Router, runs handlers on a worker pool so they may block, and enforces the size, connection
// and idle limits that keep one slow or hostile client from stalling the others.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "http/metrics.h"
#include "http/router.h"

namespace moat::http {

struct HttpServerOptions {
  std::string address = "127.0.0.1";  // IPv4 or IPv6 literal; "0.0.0.0" for every interface
  uint16_t port = 0;                  // 0: chosen by the kernel, see HttpServer::port()
  // Both set: the listener speaks only TLS (PEM files; the certificate file may hold a chain).
  std::string tls_cert_file{};
  std::string tls_key_file{};
  uint64_t max_header_bytes = 16 * 1024;       // request line + headers; beyond: 431
  uint64_t max_body_bytes = 64 * 1024 * 1024;  // beyond: 413 (RouteOptions may override)
  size_t max_connections = 512;                // beyond: 503 and close (TLS: just close)
  // A connection that sends no complete request header within this time, stalls this long
  // in a body, or does not take a response for this long, is closed. Also the keep-alive
  // idle time between requests.
  absl::Duration idle_timeout = absl::Seconds(30);
  int io_threads = 2;      // threads running socket I/O
  int worker_threads = 8;  // threads running handlers (which may block)
};

// Usage: build a Router, construct, Start(), ..., Stop() (or destroy). The router and metrics
// must outlive the server; routes must not be added once it started.
class HttpServer {
 public:
  // `metrics` may be null; when set the server defines and records
  // moat_http_request_duration_seconds{method,route,code} and moat_http_requests_in_flight.
  HttpServer(HttpServerOptions options, const Router* router, Metrics* metrics);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. Errors name the address:
  // "listening on 127.0.0.1:80: Address already in use"; TLS file errors name the file.
  // Call once.
  absl::Status Start();

  // Closes the listener and every connection and joins the threads. Handlers already running
  // are waited for; queued ones are dropped. Idempotent; safe to call without Start(); must
  // not be called from a handler (it would wait for itself).
  void Stop();

  // The bound port (the kernel's choice when options.port was 0); 0 before Start().
  uint16_t port() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace moat::http
