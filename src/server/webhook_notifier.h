// Outgoing webhooks: every new alert (failed CI gates now; admission and runtime alerts later) is
// POSTed as JSON to each URL in the center's "webhooks" setting, with retries, off the request
// threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "platform/clock.h"
#include "platform/http_client.h"
#include "store/store.h"

namespace moat::server {

struct WebhookOptions {
  int attempts = 4;                           // per URL, the first included
  absl::Duration backoff = absl::Seconds(1);  // doubled after each failed attempt
  absl::Duration timeout = absl::Seconds(10);
};

class WebhookNotifier {
 public:
  WebhookNotifier(
      store::Store* store, platform::Clock* clock,
      std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
          make_http,
      WebhookOptions options = {});
  ~WebhookNotifier();  // Stop()s

  // Queues `alert` for every configured webhook; returns at once. Thread-safe.
  void Notify(const store::AlertRecord& alert);
  // Sends `alert` to every configured webhook now, retrying 5xx, 429 and transport errors with
  // backoff; the error of the last URL that never succeeded, else OK.
  absl::Status Deliver(const store::AlertRecord& alert);
  // Starts the delivery thread; Stop() ends it after the alert in hand (queued ones are dropped).
  void Start();
  void Stop();

 private:
  absl::Status Post(platform::HttpClient& http, const std::string& url, const std::string& body);

  store::Store* store_;
  platform::Clock* clock_;
  std::function<std::unique_ptr<platform::HttpClient>(const platform::HttpClientOptions&)>
      make_http_;
  WebhookOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<store::AlertRecord> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace moat::server
