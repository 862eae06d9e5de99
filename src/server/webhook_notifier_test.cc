// Webhooks over real HTTP (a loopback server) with a SQLite store: the alert JSON reaches every
// configured URL, 5xx is retried with backoff, 4xx is not, and no setting means no request.
#include "server/webhook_notifier.h"

#include <atomic>

#include "common/json.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/store_location.h"
#include "testing/test_http_server.h"

namespace moat::server {
namespace {

class WebhookNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    location_ = testing::NewStoreLocation("sqlite", &error);
    ASSERT_NE(location_, nullptr) << error;
    auto opened = store::OpenStore(location_->location());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    ASSERT_TRUE(server_.ok());
    notifier_ = std::make_unique<WebhookNotifier>(store_.get(), &clock_,
                                                  [](const platform::HttpClientOptions& options) {
                                                    return platform::NewCurlHttpClient(options);
                                                  });
    alert_.id = "a1";
    alert_.kind = "ci-gate";
    alert_.severity = "high";
    alert_.message = "CI gate failed";
  }

  void Configure(const std::vector<std::string>& paths) {
    Json hooks = Json::array();
    for (const std::string& path : paths) hooks.push_back(Json{{"url", server_.url() + path}});
    store::AuditEntry audit;
    audit.actor = "test";
    audit.action = "settings.webhooks";
    ASSERT_TRUE(store_->PutSetting("webhooks", DumpJson(Json{{"webhooks", hooks}}), audit).ok());
  }

  std::unique_ptr<testing::StoreLocation> location_;
  std::unique_ptr<store::Store> store_;
  testing::FakeClock clock_;
  testing::TestHttpServer server_;
  std::unique_ptr<WebhookNotifier> notifier_;
  store::AlertRecord alert_;
};

TEST_F(WebhookNotifierTest, PostsTheAlertToEveryUrl) {
  server_.Route("POST", "/a", [](const auto&) { return testing::TestHttpServer::Text(204, ""); });
  server_.Route("POST", "/b", [](const auto&) { return testing::TestHttpServer::Text(200, "ok"); });
  Configure({"/a", "/b"});
  ASSERT_TRUE(notifier_->Deliver(alert_).ok());
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("content-type"), "application/json");
  auto body = ParseJson(requests[1].body, "webhook body");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["type"], "alert");
  EXPECT_EQ((*body)["alert"]["id"], "a1");
  EXPECT_EQ((*body)["alert"]["kind"], "ci-gate");
}

TEST_F(WebhookNotifierTest, ServerErrorsAreRetriedWithBackoff) {
  std::atomic<int> calls{0};
  server_.Route("POST", "/hook", [&calls](const auto&) {
    return testing::TestHttpServer::Text(++calls < 3 ? 503 : 200, "");
  });
  Configure({"/hook"});
  ASSERT_TRUE(notifier_->Deliver(alert_).ok());
  EXPECT_EQ(calls.load(), 3);
  EXPECT_EQ(clock_.sleeps(), (std::vector<absl::Duration>{absl::Seconds(1), absl::Seconds(2)}));
}

TEST_F(WebhookNotifierTest, ClientErrorsAreNotRetriedAndReported) {
  server_.Route("POST", "/hook",
                [](const auto&) { return testing::TestHttpServer::Text(400, ""); });
  Configure({"/hook"});
  absl::Status sent = notifier_->Deliver(alert_);
  EXPECT_EQ(sent.message(), "webhook " + server_.url() + "/hook: HTTP 400");
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(WebhookNotifierTest, NothingIsSentWithoutWebhooks) {
  EXPECT_TRUE(notifier_->Deliver(alert_).ok());
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(WebhookNotifierTest, NotifyDeliversFromTheBackgroundThread) {
  server_.Route("POST", "/hook",
                [](const auto&) { return testing::TestHttpServer::Text(200, ""); });
  Configure({"/hook"});
  notifier_->Start();
  notifier_->Notify(alert_);
  for (int i = 0; i < 500 && server_.requests().empty(); ++i)
    absl::SleepFor(absl::Milliseconds(10));
  notifier_->Stop();
  EXPECT_EQ(server_.requests().size(), 1u);
}

}  // namespace
}  // namespace moat::server
