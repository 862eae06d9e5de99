#include "testing/fake_http_client.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace moat::testing {
namespace {

class FakeBody : public platform::ReadStream {
 public:
  FakeBody(std::string data, absl::Status error)
      : data_(std::move(data)), error_(std::move(error)) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, data_.size() - pos_);
    if (n == 0 && size > 0) {
      if (!error_.ok()) return error_;
      return 0;
    }
    std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  absl::Status error_;
  size_t pos_ = 0;
};

class FakeResponse : public platform::HttpResponse {
 public:
  FakeResponse(FakeReply reply, std::string url)
      : reply_(std::move(reply)),
        url_(reply_.effective_url.empty() ? std::move(url) : reply_.effective_url),
        body_(reply_.body, reply_.body_error) {}
  int status_code() const override { return reply_.status; }
  const platform::HttpHeaders& headers() const override { return reply_.headers; }
  platform::ReadStream& body() override { return body_; }
  const std::string& effective_url() const override { return url_; }

 private:
  FakeReply reply_;
  std::string url_;
  FakeBody body_;
};

}  // namespace

void FakeHttpClient::Add(const std::string& method, const std::string& url, FakeReply reply) {
  std::lock_guard<std::mutex> lock(mutex_);
  replies_[{method, url}].push_back(std::move(reply));
}

void FakeHttpClient::Add(const std::string& method, const std::string& url, int status,
                         std::string body, platform::HttpHeaders headers) {
  FakeReply reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.headers = std::move(headers);
  Add(method, url, std::move(reply));
}

std::vector<platform::HttpRequest> FakeHttpClient::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int FakeHttpClient::CountRequests(const std::string& method, const std::string& url) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const auto& r) {
    return r.method == method && r.url == url;
  }));
}

absl::StatusOr<std::unique_ptr<platform::HttpResponse>> FakeHttpClient::Send(
    const platform::HttpRequest& request) {
  FakeReply reply;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(request);
    auto it = replies_.find({request.method, request.url});
    if (it == replies_.end() || it->second.empty()) {
      reply.status = 404;
      reply.body = absl::StrCat("no fake reply for ", request.method, " ", request.url);
    } else {
      reply = it->second.front();
      if (it->second.size() > 1) it->second.pop_front();
    }
  }
  if (!reply.error.ok()) return reply.error;
  return std::unique_ptr<platform::HttpResponse>(
      std::make_unique<FakeResponse>(std::move(reply), request.url));
}

}  // namespace moat::testing
