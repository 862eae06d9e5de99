// Internal to the server: one request/response exchange between Beast's messages and the
// library's Request/Response (routing, limits, handler call, metrics), free of socket code.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "http/http_message.h"
#include "http/router.h"
#include "http/server_context.h"

namespace moat::http::internal {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

class Exchange {
 public:
  // Starts an exchange once the request header is in; counts it in flight until Finish (or
  // destruction, when the connection fails first).
  Exchange(ServerContext* context, const BeastRequest& header, std::string remote);
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  // An error to answer before reading the body (bad target 400, Content-Length over the
  // limit 413), or nullopt. `content_length` is the declared length, if any.
  std::optional<Response> Check(std::optional<uint64_t> content_length) const;
  // The body limit for this request's route.
  uint64_t body_limit() const { return body_limit_; }

  // Runs the handler (or the 404/405 answer) on the full message. Called on a worker thread;
  // handler exceptions become 500.
  Response Run(BeastRequest message);

  // The wire response: Server, Content-Type, Content-Length, keep-alive (HEAD: no body).
  // Records the duration metric.
  BeastResponse Finish(Response response, bool keep_alive);

 private:
  void EndInFlight();

  ServerContext* context_;
  bool in_flight_ = true;
  Request request_;
  absl::Status target_status_;
  RouteMatch match_;
  uint64_t body_limit_;
  unsigned version_;
  std::chrono::steady_clock::time_point start_;
};

// A response for a request that could not even be parsed (400, 431); records metrics with
// method "OTHER" and route "unmatched". Always closes.
BeastResponse MalformedRequestResponse(ServerContext* context, int status,
                                       absl::string_view message);

}  // namespace moat::http::internal
