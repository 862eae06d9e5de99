// The HTTP seam: registry and feed clients send requests through HttpClient and read bodies as
// streams, so a multi-gigabyte blob never has to sit in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "platform/stream.h"

namespace moat::platform {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;
  std::string body;
  bool follow_redirects = true;  // credentials are not forwarded to another host
};

// TLS and timeout settings of a client, fixed when it is made.
struct HttpClientOptions {
  std::string ca_file;                // extra trusted CA bundle (PEM); empty: system store only
  bool insecure_skip_verify = false;  // accept any certificate (explicit user choice)
  absl::Duration connect_timeout = absl::Seconds(10);
  // A transfer that receives nothing for this long fails with DeadlineExceeded.
  absl::Duration idle_timeout = absl::Seconds(30);
  std::string user_agent = "moat/0.1";
};

class HttpResponse {
 public:
  virtual ~HttpResponse() = default;
  virtual int status_code() const = 0;
  // Headers of the final response (after redirects); names are matched case-insensitively.
  virtual const HttpHeaders& headers() const = 0;
  // The body as a stream; reading past a transport failure yields an error status.
  virtual ReadStream& body() = 0;
  // The URL of the final response, after redirects.
  virtual const std::string& effective_url() const = 0;

  // First value of header `name` (case-insensitive), or "" when absent.
  std::string Header(absl::string_view name) const;
  // Content-Length when the server sent one, else -1.
  int64_t ContentLength() const;
};

// Thread-safe: one client may serve several concurrent requests.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Sends the request and returns once the response headers are in. Transport failures
  // (DNS, connect, TLS, timeout) are errors; HTTP error codes are not: the caller reads them.
  virtual absl::StatusOr<std::unique_ptr<HttpResponse>> Send(const HttpRequest& request) = 0;
};

// The libcurl implementation.
std::unique_ptr<HttpClient> NewCurlHttpClient(const HttpClientOptions& options);

}  // namespace moat::platform
