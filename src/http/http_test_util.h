// Test-only helpers for the server tests: a raw loopback TCP client for malformed and slow
// requests (every wait bounded), and a libcurl round trip for ordinary ones.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "platform/http_client.h"
#include "platform/stream.h"

namespace moat::http::testing {

// A connected loopback socket, closed on destruction.
class RawClient {
 public:
  explicit RawClient(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Close();
  }
  ~RawClient() { Close(); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool ok() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool Send(absl::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads until the peer closes, an error, or `timeout`; returns what arrived.
  std::string ReadUntilClose(std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    std::string out;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (ReadSome(&out, deadline) > 0) {
    }
    return out;
  }

  // Reads one response with a Content-Length body (or none, for `head`).
  std::string ReadResponse(bool head = false,
                           std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        size_t length = 0, at = buffer_.find("Content-Length: ");
        if (at != std::string::npos && at < end) length = std::stoul(buffer_.substr(at + 16));
        size_t total = end + 4 + (head ? 0 : length);
        if (buffer_.size() >= total) {
          std::string response = buffer_.substr(0, total);
          buffer_.erase(0, total);
          return response;
        }
      }
      if (ReadSome(&buffer_, deadline) <= 0) return std::exchange(buffer_, "");
    }
  }

  // True once the server closed the connection (EOF or reset) within `timeout`.
  bool WaitClosed(std::chrono::milliseconds timeout) {
    std::string ignored;
    auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int n = ReadSome(&ignored, deadline);
      if (n == 0 || (n < 0 && errno != ETIMEDOUT)) return true;
      if (n < 0) return false;
    }
  }

  // True when nothing has arrived and the connection is still open right now.
  bool StillOpen() {
    pollfd p{fd_, POLLIN, 0};
    return ::poll(&p, 1, 0) == 0;
  }

 private:
  // >0 bytes read, 0 at EOF, -1 on error or deadline (errno ETIMEDOUT).
  int ReadSome(std::string* out, std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      errno = ETIMEDOUT;
      return -1;
    }
    char chunk[8192];
    ssize_t n = ::recv(fd_, chunk, sizeof(chunk), 0);
    if (n > 0) out->append(chunk, static_cast<size_t>(n));
    return static_cast<int>(n);
  }

  int fd_ = -1;
  std::string buffer_;
};

struct Fetched {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string server;
  std::string error;  // transport error, if any
};

// One request through libcurl (the platform client) with bounded timeouts.
inline Fetched Fetch(const std::string& url, const std::string& method = "GET",
                     const std::string& body = "", const std::string& ca_file = "") {
  platform::HttpClientOptions options;
  options.ca_file = ca_file;
  options.connect_timeout = absl::Seconds(5);
  options.idle_timeout = absl::Seconds(10);
  std::unique_ptr<platform::HttpClient> client = platform::NewCurlHttpClient(options);
  platform::HttpRequest request;
  request.method = method;
  request.url = url;
  request.body = body;
  Fetched fetched;
  auto response = client->Send(request);
  if (!response.ok()) {
    fetched.error = std::string(response.status().message());
    return fetched;
  }
  fetched.status = (*response)->status_code();
  fetched.content_type = (*response)->Header("Content-Type");
  fetched.server = (*response)->Header("Server");
  auto all = platform::ReadAll((*response)->body(), 1 << 24, "body");
  if (all.ok()) fetched.body = *all;
  return fetched;
}

}  // namespace moat::http::testing
