// The server's defences against large, malformed, slow and too many requests, over raw
// loopback sockets.
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_server.h"
#include "http/http_test_util.h"

namespace moat::http {
namespace {

using testing::Fetch;
using ::testing::HasSubstr;
using testing::RawClient;
using ::testing::StartsWith;

class HttpServerLimitsTest : public ::testing::Test {
 protected:
  HttpServerLimitsTest() {
    router_.Add("GET", "/ok", [](Request&) { return JsonResponse(200, "{}"); });
    router_.Add("POST", "/upload", [this](Request& request) {
      ++handled_;
      return JsonResponse(200, absl::StrCat(request.body.size()));
    });
    router_.Add(
        "POST", "/tiny",
        [this](Request&) {
          ++handled_;
          return JsonResponse(200, "{}");
        },
        RouteOptions{.max_body_bytes = 8});
  }

  void StartServer(HttpServerOptions options) {
    server_ = std::make_unique<HttpServer>(std::move(options), &router_, nullptr);
    ASSERT_TRUE(server_->Start().ok());
  }
  std::string Url(absl::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", server_->port(), path);
  }
  // Sends `request` on a fresh connection and returns everything up to the server's close.
  std::string Exchange(absl::string_view request) {
    RawClient client(server_->port());
    EXPECT_TRUE(client.Send(request));
    return client.ReadUntilClose();
  }

  Router router_;
  std::atomic<int> handled_{0};
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerLimitsTest, OversizedHeaderIs431) {
  StartServer({});
  std::string response = Exchange(
      absl::StrCat("GET /ok HTTP/1.1\r\nHost: x\r\nX-Big: ", std::string(20000, 'a'), "\r\n\r\n"));
  EXPECT_THAT(response, StartsWith("HTTP/1.1 431 "));
  EXPECT_THAT(response, HasSubstr("request header larger than 16384 bytes"));
  // The request line counts too.
  EXPECT_THAT(Exchange(absl::StrCat("GET /", std::string(20000, 'a'), " HTTP/1.1\r\n\r\n")),
              StartsWith("HTTP/1.1 431 "));
}

TEST_F(HttpServerLimitsTest, OversizedBodyIs413AndHandlerNotCalled) {
  StartServer(HttpServerOptions{.max_body_bytes = 1024});
  testing::Fetched got = Fetch(Url("/upload"), "POST", std::string(4096, 'x'));
  EXPECT_EQ(got.status, 413);
  EXPECT_EQ(got.body,
            R"({"error":{"message":"request body larger than 1024 bytes","status":413}})");
  // Declared far too large: answered before any body byte is read.
  EXPECT_THAT(Exchange("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n"),
              StartsWith("HTTP/1.1 413 "));
  // Chunked, so only counting reveals it.
  std::string chunked = "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) absl::StrAppend(&chunked, "200\r\n", std::string(512, 'y'), "\r\n");
  absl::StrAppend(&chunked, "0\r\n\r\n");
  EXPECT_THAT(Exchange(chunked), StartsWith("HTTP/1.1 413 "));
  EXPECT_EQ(handled_, 0);
  EXPECT_EQ(Fetch(Url("/upload"), "POST", std::string(1024, 'x')).body, "1024");
  EXPECT_EQ(handled_, 1);
}

TEST_F(HttpServerLimitsTest, RouteOverridesBodyLimit) {
  StartServer({});
  EXPECT_EQ(Fetch(Url("/tiny"), "POST", "123456789").status, 413);
  EXPECT_EQ(Fetch(Url("/tiny"), "POST", "12345678").status, 200);
  EXPECT_EQ(handled_, 1);
}

TEST_F(HttpServerLimitsTest, ExpectContinueGetsInterimResponse) {
  StartServer({});
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send(
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(client.ReadResponse(), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(client.Send("abc"));
  EXPECT_THAT(client.ReadResponse(), ::testing::EndsWith("\r\n\r\n3"));
}

TEST_F(HttpServerLimitsTest, MalformedRequestsAre400AndClosed) {
  StartServer({});
  struct Case {
    const char* request;
    const char* message;
  };
  const Case cases[] = {
      {"GARBAGE\r\n\r\n", "malformed request: "},
      {"GET /ok HTTP/9.9\r\n\r\n", "malformed request: "},
      {"GET /ok HTTP/1.1\r\nBad Header\r\n\r\n", "malformed request: "},
      {"GET /a/../ok HTTP/1.1\r\nHost: x\r\n\r\n", "bad request target: '..' segment in path"},
      {"GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n", "bad request target: NUL byte in path"},
      {"GET http://x/ok HTTP/1.1\r\nHost: x\r\n\r\n",
       "bad request target: path must start with '/'"},
      {"GET /ok?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n", "bad request target: query: bad "},
  };
  for (const Case& c : cases) {
    std::string response = Exchange(c.request);
    EXPECT_THAT(response, StartsWith("HTTP/1.1 400 Bad Request\r\n")) << c.request;
    EXPECT_THAT(response, HasSubstr("Connection: close\r\n")) << c.request;
    EXPECT_THAT(response, HasSubstr(c.message)) << c.request;
  }
}

TEST_F(HttpServerLimitsTest, HalfSentRequestDoesNotDelayOthersAndTimesOut) {
  StartServer(HttpServerOptions{.idle_timeout = absl::Milliseconds(300), .io_threads = 1});
  auto start = std::chrono::steady_clock::now();
  RawClient slow(server_->port());
  ASSERT_TRUE(slow.Send("GET /ok HTTP/1.1\r\nHost: x\r\n"));  // never finished
  EXPECT_EQ(Fetch(Url("/ok")).status, 200);
  bool slow_open = slow.StillOpen();
  auto fast_done = std::chrono::steady_clock::now() - start;
  // Only meaningful while the slow client is still connected: then the fast request did not
  // wait for it.
  if (fast_done < std::chrono::milliseconds(250)) {
    EXPECT_TRUE(slow_open);
  }
  EXPECT_TRUE(slow.WaitClosed(std::chrono::seconds(5)));
}

TEST_F(HttpServerLimitsTest, SilentConnectionIsClosedAfterIdleTimeout) {
  StartServer(HttpServerOptions{.idle_timeout = absl::Milliseconds(300)});
  RawClient silent(server_->port());
  EXPECT_TRUE(silent.WaitClosed(std::chrono::seconds(5)));
  // A stalled body is cut off too.
  RawClient stalled(server_->port());
  ASSERT_TRUE(stalled.Send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab"));
  EXPECT_TRUE(stalled.WaitClosed(std::chrono::seconds(5)));
  EXPECT_EQ(handled_, 0);
}

TEST_F(HttpServerLimitsTest, ConnectionLimitRejectsExtraConnections) {
  StartServer(HttpServerOptions{.max_connections = 2});
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawClient>(server_->port()));
    ASSERT_TRUE(held.back()->Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_THAT(held.back()->ReadResponse(), StartsWith("HTTP/1.1 200"));
  }
  RawClient extra(server_->port());
  std::string answer = extra.ReadUntilClose();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 503 Service Unavailable\r\n"));
  EXPECT_THAT(answer, HasSubstr("too many connections"));
  // Once one connection ends, its slot is free again (the server notices asynchronously).
  held[0]->Close();
  int status = 0;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (status != 200 && std::chrono::steady_clock::now() < deadline) {
    status = Fetch(Url("/ok")).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(status, 200);
}

}  // namespace
}  // namespace moat::http
