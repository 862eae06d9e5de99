#include "server/webhook_notifier.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "server/api_json.h"

namespace moat::server {
namespace {

constexpr char kWebhooksKey[] = "webhooks";

bool Retryable(int status) { return status == 429 || status >= 500; }

}  // namespace

WebhookNotifier::WebhookNotifier(
    store::Store* store, platform::Clock* clock,
    std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
        make_http,
    WebhookOptions options)
    : store_(store), clock_(clock), make_http_(std::move(make_http)), options_(options) {}

WebhookNotifier::~WebhookNotifier() { Stop(); }

absl::Status WebhookNotifier::Post(platform::HttpClient& http, const std::string& url,
                                   const std::string& body) {
  absl::Status last = absl::OkStatus();
  absl::Duration wait = options_.backoff;
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    platform::HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body;
    request.follow_redirects = false;
    auto response = http.Send(request);
    if (response.ok() && (*response)->status_code() / 100 == 2) return absl::OkStatus();
    if (response.ok()) {
      int status = (*response)->status_code();
      last = absl::UnavailableError(absl::StrCat("webhook ", url, ": HTTP ", status));
      if (!Retryable(status)) return last;
    } else {
      last =
          absl::UnavailableError(absl::StrCat("webhook ", url, ": ", response.status().message()));
    }
    if (attempt < options_.attempts) {
      clock_->SleepFor(wait);
      wait *= 2;
    }
  }
  return last;
}

absl::Status WebhookNotifier::Deliver(const store::AlertRecord& alert) {
  auto setting = store_->GetSetting(kWebhooksKey);
  if (!setting.ok()) return setting.status();
  if (!setting->has_value()) return absl::OkStatus();
  auto parsed = ParseJson(**setting, "webhooks setting");
  if (!parsed.ok()) return parsed.status();
  const Json* hooks = JsonField(*parsed, "webhooks");
  if (hooks == nullptr || !hooks->is_array() || hooks->empty()) return absl::OkStatus();
  platform::HttpClientOptions http_options;
  http_options.connect_timeout = options_.timeout;
  http_options.idle_timeout = options_.timeout;
  std::unique_ptr<platform::HttpClient> http = make_http_(http_options);
  const std::string body = DumpJson(Json{{"type", "alert"}, {"alert", AlertJson(alert)}});
  absl::Status result = absl::OkStatus();
  for (const Json& hook : *hooks) {
    std::string url = hook.is_object() ? JsonString(hook, "url") : "";
    if (url.empty()) continue;
    absl::Status sent = Post(*http, url, body);
    if (!sent.ok()) result = sent;
  }
  return result;
}

void WebhookNotifier::Notify(const store::AlertRecord& alert) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    queue_.push_back(alert);
  }
  wake_.notify_one();
}

void WebhookNotifier::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      store::AlertRecord alert = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      absl::Status sent = Deliver(alert);
      if (!sent.ok()) {
        std::fprintf(stderr, "moat: alert %s not delivered: %s\n", alert.id.c_str(),
                     std::string(sent.message()).c_str());
      }
      lock.lock();
    }
  });
}

void WebhookNotifier::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace moat::server
