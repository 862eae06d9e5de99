#include "testing/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::testing {
namespace {

constexpr size_t kMaxHeaderBytes = 1 << 20;

std::string FindHeader(const platform::HttpHeaders& headers, absl::string_view name) {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

bool SendAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads more bytes into `buffer`; false at EOF or error.
bool ReadMore(int fd, std::string* buffer) {
  char chunk[16 * 1024];
  while (true) {
    ssize_t n = ::recv(fd, chunk, sizeof(chunk), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    buffer->append(chunk, static_cast<size_t>(n));
    return true;
  }
}

bool ParseHead(absl::string_view head, TestHttpRequest* request) {
  std::vector<absl::string_view> lines = absl::StrSplit(head, "\r\n");
  if (lines.empty()) return false;
  std::vector<std::string> parts = absl::StrSplit(lines[0], ' ', absl::SkipEmpty());
  if (parts.size() != 3) return false;
  request->method = parts[0];
  request->target = parts[1];
  size_t q = request->target.find('?');
  request->path = request->target.substr(0, q);
  request->query = q == std::string::npos ? "" : request->target.substr(q + 1);
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == absl::string_view::npos) continue;
    request->headers.emplace_back(
        std::string(absl::StripAsciiWhitespace(lines[i].substr(0, colon))),
        std::string(absl::StripAsciiWhitespace(lines[i].substr(colon + 1))));
  }
  return true;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 307:
      return "Temporary Redirect";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

}  // namespace

std::string TestHttpRequest::Header(absl::string_view name) const {
  return FindHeader(headers, name);
}

TestHttpServer::TestHttpServer() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd, 64) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return;
  }
  listen_fd_ = fd;
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

TestHttpServer::~TestHttpServer() {
  stopping_ = true;
  if (listen_fd_ >= 0) ::shutdown(listen_fd_, SHUT_RDWR);  // wakes the acceptor's poll
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  stopped_cv_.notify_all();
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    connections.swap(connections_);
  }
  for (auto& thread : connections) thread.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
}

std::string TestHttpServer::host() const { return absl::StrCat("127.0.0.1:", port_); }

std::string TestHttpServer::url() const { return absl::StrCat("http://", host()); }

void TestHttpServer::Route(absl::string_view method, absl::string_view path,
                           TestHttpHandler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  routes_.push_back({std::string(method), std::string(path), std::move(handler)});
}

std::vector<TestHttpRequest> TestHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void TestHttpServer::WaitUntilStopped() {
  std::unique_lock<std::mutex> lock(mutex_);
  stopped_cv_.wait(lock, [this] { return stopping_.load(); });
}

TestHttpResponse TestHttpServer::Text(int status, std::string body) {
  TestHttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type", "text/plain");
  response.body = std::move(body);
  return response;
}

TestHttpResponse TestHttpServer::Redirect(int status, std::string location) {
  TestHttpResponse response;
  response.status = status;
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

void TestHttpServer::AcceptLoop() {
  while (!stopping_) {
    pollfd pfd = {listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      ::close(fd);
      break;
    }
    open_fds_.insert(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void TestHttpServer::Serve(int fd) {
  std::string pending;
  while (!stopping_ && HandleOne(fd, &pending)) {
  }
  std::lock_guard<std::mutex> lock(mutex_);
  open_fds_.erase(fd);
  ::close(fd);
}

// Serves one request of a connection; false when the connection should close.
bool TestHttpServer::HandleOne(int fd, std::string* pending) {
  size_t end;
  while ((end = pending->find("\r\n\r\n")) == std::string::npos) {
    if (pending->size() > kMaxHeaderBytes || !ReadMore(fd, pending)) return false;
  }
  TestHttpRequest request;
  if (!ParseHead(absl::string_view(*pending).substr(0, end), &request)) return false;
  pending->erase(0, end + 4);
  size_t length = 0;
  if (!absl::SimpleAtoi(request.Header("Content-Length"), &length)) length = 0;
  while (pending->size() < length) {
    if (!ReadMore(fd, pending)) return false;
  }
  request.body = pending->substr(0, length);
  pending->erase(0, length);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
  }
  TestHttpHandler handler = Find(request);
  TestHttpResponse response = handler ? handler(request) : Text(404, "no route\n");
  if (response.hang) {
    WaitUntilStopped();
    return false;
  }
  return WriteResponse(fd, request, response);
}

TestHttpHandler TestHttpServer::Find(const TestHttpRequest& request) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const RouteEntry& route : routes_) {
    if (route.method != "*" && route.method != request.method) continue;
    bool prefix = absl::EndsWith(route.path, "*");
    if (prefix ? absl::StartsWith(request.path, route.path.substr(0, route.path.size() - 1))
               : request.path == route.path) {
      return route.handler;
    }
  }
  return nullptr;
}

bool TestHttpServer::WriteResponse(int fd, const TestHttpRequest& request,
                                   const TestHttpResponse& response) {
  std::string head =
      absl::StrCat("HTTP/1.1 ", response.status, " ", ReasonPhrase(response.status), "\r\n");
  bool has_length = !FindHeader(response.headers, "Content-Length").empty();
  bool chunked =
      absl::EqualsIgnoreCase(FindHeader(response.headers, "Transfer-Encoding"), "chunked");
  for (const auto& [name, value] : response.headers)
    absl::StrAppend(&head, name, ": ", value, "\r\n");
  if (!response.stream && !has_length) {
    absl::StrAppend(&head, "Content-Length: ", response.body.size(), "\r\n");
  }
  // Streamed responses (which may stop short on purpose) always end the connection.
  bool close_after = static_cast<bool>(response.stream);
  if (close_after) absl::StrAppend(&head, "Connection: close\r\n");
  absl::StrAppend(&head, "\r\n");
  if (!SendAll(fd, head)) return false;
  if (!response.stream) {
    return request.method == "HEAD" || SendAll(fd, response.body);
  }
  bool alive = true;
  response.stream([&](absl::string_view data) {
    if (!alive || stopping_) return false;
    if (data.empty()) return true;
    alive = chunked ? SendAll(fd, absl::StrCat(absl::Hex(data.size()), "\r\n", data, "\r\n"))
                    : SendAll(fd, data);
    return alive;
  });
  if (alive && chunked) SendAll(fd, "0\r\n\r\n");
  return false;
}

}  // namespace moat::testing
