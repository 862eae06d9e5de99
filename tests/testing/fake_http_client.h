// A scripted HttpClient for unit tests of protocol logic: replies per method and URL, every
// request recorded, transport errors and broken bodies on demand.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "platform/http_client.h"

namespace moat::testing {

struct FakeReply {
  int status = 200;
  platform::HttpHeaders headers;
  std::string body;
  // When not OK, Send() fails with it (a transport error) instead of replying.
  absl::Status error;
  // When not OK, the body yields its bytes and then this error instead of the end.
  absl::Status body_error;
  std::string effective_url;  // "" means the request URL
};

// Thread-safe.
class FakeHttpClient : public platform::HttpClient {
 public:
  // Queues `reply` for `method` `url` (exact, query included). Queued replies are used in order;
  // the last one is repeated. Unscripted requests get 404 "no fake reply for <method> <url>".
  void Add(const std::string& method, const std::string& url, FakeReply reply);
  // Convenience: a reply with status, body and headers.
  void Add(const std::string& method, const std::string& url, int status, std::string body,
           platform::HttpHeaders headers = {});

  std::vector<platform::HttpRequest> requests() const;
  // Requests whose URL is `url`.
  int CountRequests(const std::string& method, const std::string& url) const;

  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override;

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::deque<FakeReply>> replies_;
  std::vector<platform::HttpRequest> requests_;
};

}  // namespace moat::testing
