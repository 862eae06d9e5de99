// Test support for the scanjob tests: an HttpClient decorator that records every request that
// reaches the network and can answer the registry catalog with 403 (a registry that denies it).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "platform/http_client.h"
#include "platform/stream.h"

namespace moat::scanjob {

class RequestLog {
 public:
  // Called (outside the lock) with every request, before it is sent.
  std::function<void(const platform::HttpRequest&)> on_request;

  void Add(const platform::HttpRequest& request) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      entries_.push_back(request.method + " " + request.url);
    }
    if (on_request) on_request(request);
  }
  std::vector<std::string> entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
  }
  // Requests with `method` whose URL ends with `suffix`.
  int Count(const std::string& method, const std::string& suffix) const {
    std::lock_guard<std::mutex> lock(mutex_);
    int n = 0;
    for (const std::string& e : entries_) {
      if (absl::StartsWith(e, method + " ") && absl::EndsWith(e, suffix)) ++n;
    }
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> entries_;
};

class ForbiddenResponse : public platform::HttpResponse {
 public:
  explicit ForbiddenResponse(std::string url) : url_(std::move(url)) {}
  int status_code() const override { return 403; }
  const platform::HttpHeaders& headers() const override { return headers_; }
  platform::ReadStream& body() override { return body_; }
  const std::string& effective_url() const override { return url_; }

 private:
  std::string url_;
  platform::HttpHeaders headers_ = {{"Content-Type", "application/json"}};
  platform::StringStream body_{
      R"({"errors":[{"code":"DENIED","message":"catalog listing is disabled"}]})"};
};

class LoggingHttpClient : public platform::HttpClient {
 public:
  LoggingHttpClient(std::unique_ptr<platform::HttpClient> inner, RequestLog* log, bool deny_catalog)
      : inner_(std::move(inner)), log_(log), deny_catalog_(deny_catalog) {}
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override {
    log_->Add(request);
    if (deny_catalog_ && absl::StrContains(request.url, "/v2/_catalog")) {
      return std::unique_ptr<platform::HttpResponse>(
          std::make_unique<ForbiddenResponse>(request.url));
    }
    return inner_->Send(request);
  }

 private:
  std::unique_ptr<platform::HttpClient> inner_;
  RequestLog* log_;
  bool deny_catalog_;
};

}  // namespace moat::scanjob
