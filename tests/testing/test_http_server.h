// A small real HTTP/1.1 server on 127.0.0.1 (port picked by the kernel) for tests of HTTP
// clients: routes to handlers by method and path, records every request, and can stream,
// stall or drop a response to exercise timeouts and retries.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/string_view.h"
#include "platform/http_client.h"

namespace moat::testing {

struct TestHttpRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::string path;
  std::string query;  // without '?'
  platform::HttpHeaders headers;
  std::string body;
  // First value of header `name` (case-insensitive), or "".
  std::string Header(absl::string_view name) const;
};

// Writes part of a streamed body; returns false once the client has gone or the server stops.
using TestBodyWriter = std::function<bool(absl::string_view)>;

struct TestHttpResponse {
  int status = 200;
  platform::HttpHeaders headers;
  std::string body;  // sent with a Content-Length unless `stream` is set
  // When set, produces the body instead of `body`. Unless the handler put a Content-Length or
  // "Transfer-Encoding: chunked" in `headers`, the end of the body is the connection's close.
  std::function<void(const TestBodyWriter& write)> stream;
  // Sends nothing at all and holds the connection open until the server stops.
  bool hang = false;
};

using TestHttpHandler = std::function<TestHttpResponse(const TestHttpRequest&)>;

class TestHttpServer {
 public:
  // Starts listening; ok() tells whether that worked.
  TestHttpServer();
  // Stops: closes every connection (handlers blocked in WaitUntilStopped return) and joins.
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  bool ok() const { return listen_fd_ >= 0; }
  int port() const { return port_; }
  std::string host() const;  // "127.0.0.1:<port>"
  std::string url() const;   // "http://127.0.0.1:<port>"

  // Routes `method` ("*" for any) and `path` (exact, or a prefix when it ends with '*') to
  // `handler`. The first matching route wins; unrouted requests get 404.
  void Route(absl::string_view method, absl::string_view path, TestHttpHandler handler);
  // Every request received so far, in arrival order.
  std::vector<TestHttpRequest> requests() const;
  // For handlers and stream functions: blocks until the server stops.
  void WaitUntilStopped();

  // Canned responses.
  static TestHttpResponse Text(int status, std::string body);
  static TestHttpResponse Redirect(int status, std::string location);

 private:
  struct RouteEntry {
    std::string method;
    std::string path;
    TestHttpHandler handler;
  };
  void AcceptLoop();
  void Serve(int fd);
  bool HandleOne(int fd, std::string* pending);
  TestHttpHandler Find(const TestHttpRequest& request) const;
  bool WriteResponse(int fd, const TestHttpRequest& request, const TestHttpResponse& response);

  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  std::condition_variable stopped_cv_;
  std::vector<RouteEntry> routes_;
  std::vector<TestHttpRequest> requests_;
  std::set<int> open_fds_;
  std::vector<std::thread> connections_;
};

}  // namespace moat::testing
