// Internal to the server: the state every connection of one HttpServer shares.
#pragma once

#include <atomic>
#include <cstddef>

#include "http/http_server.h"

namespace boost::asio {
class thread_pool;
}

namespace moat::http::internal {

struct ServerContext {
  HttpServerOptions options;
  const Router* router = nullptr;
  Metrics* metrics = nullptr;                   // may be null
  boost::asio::thread_pool* workers = nullptr;  // runs handlers
  std::atomic<size_t> connections{0};           // open connections, counted at accept
};

// Metric names the server records.
inline constexpr char kDurationMetric[] = "moat_http_request_duration_seconds";
inline constexpr char kInFlightMetric[] = "moat_http_requests_in_flight";

}  // namespace moat::http::internal
