#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform/http_client.h"
#include "testing/test_http_server.h"

namespace moat::platform {
namespace {

using ::moat::testing::TestBodyWriter;
using ::moat::testing::TestHttpRequest;
using ::moat::testing::TestHttpResponse;
using ::moat::testing::TestHttpServer;
using ::testing::HasSubstr;

HttpClientOptions FastOptions() {
  HttpClientOptions options;
  options.connect_timeout = absl::Seconds(2);
  options.idle_timeout = absl::Seconds(1);
  return options;
}

HttpRequest Get(const std::string& url) {
  HttpRequest request;
  request.url = url;
  return request;
}

std::string Body(HttpResponse& response) {
  auto body = ReadAll(response.body(), 64 << 20, "body");
  EXPECT_TRUE(body.ok()) << body.status();
  return body.ok() ? *body : "";
}

TEST(CurlHttpClientTest, GetReturnsStatusHeadersAndBody) {
  TestHttpServer server;
  ASSERT_TRUE(server.ok());
  server.Route("GET", "/hello", [](const TestHttpRequest&) {
    TestHttpResponse response = TestHttpServer::Text(200, "hi there");
    response.headers.emplace_back("X-Thing", "value 1");
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/hello"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->status_code(), 200);
  EXPECT_EQ((*response)->Header("x-thing"), "value 1");
  EXPECT_EQ((*response)->Header("absent"), "");
  EXPECT_EQ((*response)->ContentLength(), 8);
  EXPECT_EQ((*response)->effective_url(), server.url() + "/hello");
  EXPECT_EQ(Body(**response), "hi there");
}

TEST(CurlHttpClientTest, ErrorStatusIsAResponseNotAnError) {
  TestHttpServer server;
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/missing"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->status_code(), 404);
  EXPECT_EQ(Body(**response), "no route\n");
}

TEST(CurlHttpClientTest, SendsMethodHeadersAndBody) {
  TestHttpServer server;
  server.Route("PUT", "/upload", [](const TestHttpRequest& request) {
    return TestHttpServer::Text(201,
                                absl::StrCat(request.Header("Content-Type"), "|", request.body));
  });
  auto client = NewCurlHttpClient(FastOptions());
  HttpRequest request = Get(server.url() + "/upload?digest=x");
  request.method = "PUT";
  request.headers.emplace_back("Content-Type", "application/octet-stream");
  request.body = std::string(5000, 'b');
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->status_code(), 201);
  EXPECT_EQ(Body(**response), "application/octet-stream|" + std::string(5000, 'b'));
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].query, "digest=x");
  EXPECT_EQ(server.requests()[0].Header("Expect"), "");
}

TEST(CurlHttpClientTest, HeadHasNoBody) {
  TestHttpServer server;
  server.Route("HEAD", "/blob",
               [](const TestHttpRequest&) { return TestHttpServer::Text(200, "1234"); });
  auto client = NewCurlHttpClient(FastOptions());
  HttpRequest request = Get(server.url() + "/blob");
  request.method = "HEAD";
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->ContentLength(), 4);
  EXPECT_EQ(Body(**response), "");
}

// The server writes as fast as the client lets it; while the reader holds back, curl must pause
// instead of buffering the whole body.
TEST(CurlHttpClientTest, StreamsALargeBodyWithBoundedBuffering) {
  constexpr int64_t kTotal = 96ll << 20;
  std::atomic<int64_t> sent{0};
  TestHttpServer server;
  server.Route("GET", "/big", [&](const TestHttpRequest&) {
    TestHttpResponse response;
    response.headers.emplace_back("Content-Length", std::to_string(kTotal));
    response.stream = [&](const TestBodyWriter& write) {
      std::string chunk(64 * 1024, 'z');
      for (int64_t done = 0; done < kTotal; done += static_cast<int64_t>(chunk.size())) {
        if (!write(chunk)) return;
        sent += static_cast<int64_t>(chunk.size());
      }
    };
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/big"));
  ASSERT_TRUE(response.ok()) << response.status();
  char buffer[4096];
  ASSERT_TRUE((*response)->body().Read(buffer, sizeof(buffer)).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // 1 MiB of our buffer plus the kernel's socket buffers; far below the 96 MiB body.
  EXPECT_LT(sent.load(), 32ll << 20);
  auto rest = Drain((*response)->body());
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_EQ(*rest + 4096, kTotal);
}

TEST(CurlHttpClientTest, ServerThatNeverAnswersTimesOut) {
  TestHttpServer server;
  server.Route("GET", "/slow", [](const TestHttpRequest&) {
    TestHttpResponse response;
    response.hang = true;
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto start = std::chrono::steady_clock::now();
  auto response = client->Send(Get(server.url() + "/slow"));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(response.status().message(),
            absl::StrCat("GET ", server.url(), "/slow: no data received for 1s"));
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(CurlHttpClientTest, BodyThatStallsTimesOut) {
  TestHttpServer server;
  server.Route("GET", "/stall", [&server](const TestHttpRequest&) {
    TestHttpResponse response;
    response.headers.emplace_back("Content-Length", "100");
    response.stream = [&server](const TestBodyWriter& write) {
      write("0123456789");
      server.WaitUntilStopped();
    };
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/stall"));
  ASSERT_TRUE(response.ok()) << response.status();
  auto body = ReadAll((*response)->body(), 1000, "body");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(CurlHttpClientTest, TruncatedBodyIsDataLoss) {
  TestHttpServer server;
  server.Route("GET", "/short", [](const TestHttpRequest&) {
    TestHttpResponse response;
    response.headers.emplace_back("Content-Length", "1000");
    response.stream = [](const TestBodyWriter& write) { write("only ten b"); };
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/short"));
  ASSERT_TRUE(response.ok()) << response.status();
  auto body = ReadAll((*response)->body(), 2000, "body");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(body.status().message(),
              HasSubstr("/short: transfer closed with 990 bytes remaining"));
}

TEST(CurlHttpClientTest, ChunkedBodyIsReassembled) {
  TestHttpServer server;
  server.Route("GET", "/chunks", [](const TestHttpRequest&) {
    TestHttpResponse response;
    response.headers.emplace_back("Transfer-Encoding", "chunked");
    response.stream = [](const TestBodyWriter& write) {
      for (int i = 0; i < 100; ++i) write(absl::StrCat(i, ","));
    };
    return response;
  });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/chunks"));
  ASSERT_TRUE(response.ok()) << response.status();
  std::string body = Body(**response);
  EXPECT_EQ(body.substr(0, 6), "0,1,2,");
  EXPECT_EQ(body.size(), 290u);
}

TEST(CurlHttpClientTest, RefusedConnectionIsUnavailable) {
  int port = 0;
  {
    TestHttpServer closed;  // a port that was free a moment ago and is closed now
    port = closed.port();
  }
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(absl::StrCat("http://127.0.0.1:", port, "/")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(),
              HasSubstr(absl::StrCat("GET http://127.0.0.1:", port, "/: ")));
}

TEST(CurlHttpClientTest, FollowsRedirectsAndReportsTheFinalUrl) {
  TestHttpServer server;
  server.Route("GET", "/old",
               [](const TestHttpRequest&) { return TestHttpServer::Redirect(307, "/new"); });
  server.Route("GET", "/new",
               [](const TestHttpRequest&) { return TestHttpServer::Text(200, "moved"); });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/old"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->status_code(), 200);
  EXPECT_EQ((*response)->effective_url(), server.url() + "/new");
  EXPECT_EQ((*response)->Header("Location"), "");
  EXPECT_EQ(Body(**response), "moved");
}

TEST(CurlHttpClientTest, RedirectIsReturnedWhenNotFollowed) {
  TestHttpServer server;
  server.Route("GET", "/old",
               [](const TestHttpRequest&) { return TestHttpServer::Redirect(302, "/new"); });
  auto client = NewCurlHttpClient(FastOptions());
  HttpRequest request = Get(server.url() + "/old");
  request.follow_redirects = false;
  auto response = client->Send(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ((*response)->status_code(), 302);
  EXPECT_EQ((*response)->Header("Location"), "/new");
}

TEST(CurlHttpClientTest, AuthorizationIsNotForwardedToAnotherHost) {
  TestHttpServer registry;
  TestHttpServer storage;
  registry.Route("GET", "/same",
                 [](const TestHttpRequest&) { return TestHttpServer::Redirect(302, "/here"); });
  registry.Route("GET", "/here", [](const TestHttpRequest& r) {
    return TestHttpServer::Text(200, r.Header("Authorization"));
  });
  registry.Route("GET", "/away", [&storage](const TestHttpRequest&) {
    return TestHttpServer::Redirect(302, storage.url() + "/blob");
  });
  storage.Route("GET", "/blob", [](const TestHttpRequest& r) {
    return TestHttpServer::Text(200, absl::StrCat("auth=[", r.Header("Authorization"), "]"));
  });
  auto client = NewCurlHttpClient(FastOptions());
  HttpRequest same = Get(registry.url() + "/same");
  same.headers.emplace_back("Authorization", "Bearer secret");
  auto response = client->Send(same);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(Body(**response), "Bearer secret");

  HttpRequest away = Get(registry.url() + "/away");
  away.headers.emplace_back("Authorization", "Bearer secret");
  response = client->Send(away);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(Body(**response), "auth=[]");
}

TEST(CurlHttpClientTest, ConcurrentRequestsFromSeveralThreads) {
  TestHttpServer server;
  server.Route("GET", "/n*", [](const TestHttpRequest& r) {
    return TestHttpServer::Text(200, std::string(200 * 1024, r.path.back()));
  });
  auto client = NewCurlHttpClient(FastOptions());
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto response = client->Send(Get(absl::StrCat(server.url(), "/n", t)));
        if (!response.ok()) continue;
        auto body = ReadAll((*response)->body(), 1 << 20, "body");
        if (body.ok() && *body == std::string(200 * 1024, static_cast<char>('0' + t))) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 20);
}

TEST(CurlHttpClientTest, ResponseMayOutliveItsClient) {
  TestHttpServer server;
  server.Route("GET", "/x",
               [](const TestHttpRequest&) { return TestHttpServer::Text(200, "still here"); });
  auto client = NewCurlHttpClient(FastOptions());
  auto response = client->Send(Get(server.url() + "/x"));
  ASSERT_TRUE(response.ok()) << response.status();
  client.reset();
  EXPECT_EQ(Body(**response), "still here");
}

}  // namespace
}  // namespace moat::platform
