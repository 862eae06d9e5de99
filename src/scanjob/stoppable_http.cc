#include "scanjob/stoppable_http.h"

#include <utility>

namespace moat::scanjob {
namespace {

absl::Status Stopped() { return absl::CancelledError("the worker is stopping"); }

class StoppableStream : public platform::ReadStream {
 public:
  StoppableStream(platform::ReadStream* inner, std::shared_ptr<std::atomic<bool>> stop)
      : inner_(inner), stop_(std::move(stop)) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (stop_->load()) return Stopped();
    return inner_->Read(buffer, size);
  }

 private:
  platform::ReadStream* inner_;
  std::shared_ptr<std::atomic<bool>> stop_;
};

class StoppableResponse : public platform::HttpResponse {
 public:
  StoppableResponse(std::unique_ptr<platform::HttpResponse> inner,
                    std::shared_ptr<std::atomic<bool>> stop)
      : inner_(std::move(inner)), body_(&inner_->body(), std::move(stop)) {}
  int status_code() const override { return inner_->status_code(); }
  const platform::HttpHeaders& headers() const override { return inner_->headers(); }
  platform::ReadStream& body() override { return body_; }
  const std::string& effective_url() const override { return inner_->effective_url(); }

 private:
  std::unique_ptr<platform::HttpResponse> inner_;
  StoppableStream body_;
};

class StoppableHttpClient : public platform::HttpClient {
 public:
  StoppableHttpClient(std::unique_ptr<platform::HttpClient> inner,
                      std::shared_ptr<std::atomic<bool>> stop)
      : inner_(std::move(inner)), stop_(std::move(stop)) {}
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override {
    if (stop_->load()) return Stopped();
    auto response = inner_->Send(request);
    if (!response.ok()) return response;
    return std::unique_ptr<platform::HttpResponse>(
        std::make_unique<StoppableResponse>(*std::move(response), stop_));
  }

 private:
  std::unique_ptr<platform::HttpClient> inner_;
  std::shared_ptr<std::atomic<bool>> stop_;
};

}  // namespace

std::unique_ptr<platform::HttpClient> NewStoppableHttpClient(
    std::unique_ptr<platform::HttpClient> inner, std::shared_ptr<std::atomic<bool>> stop) {
  return std::make_unique<StoppableHttpClient>(std::move(inner), std::move(stop));
}

}  // namespace moat::scanjob
