// Round trips through the real server on loopback: routing, decoding, headers, HEAD,
// keep-alive, metrics, handlers that block, TLS, bind errors and Stop().
#include "http/http_server.h"

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_test_util.h"
#include "testing/paths.h"
#include "testing/subprocess.h"

namespace moat::http {
namespace {

using testing::Fetch;
using ::testing::HasSubstr;
using testing::RawClient;
using ::testing::StartsWith;

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerTest() {
    router_.Add("GET", "/hello/{name}", [](Request& request) {
      return JsonResponse(200, absl::StrCat("hello ", request.Param("name"),
                                            " q=", request.Query("q"), " path=", request.path));
    });
    router_.Add("POST", "/echo", [](Request& request) {
      Response response = JsonResponse(201, request.body);
      response.content_type = "text/plain";
      response.headers.emplace_back("X-Remote", request.remote);
      response.headers.emplace_back("X-Type", request.Header("content-type"));
      return response;
    });
  }

  void StartServer(HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(std::move(options), &router_, &metrics_);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }
  std::string Url(absl::string_view path) const {
    return absl::StrCat("http://127.0.0.1:", server_->port(), path);
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, GetRoundTripDecodesPathParamsAndQuery) {
  StartServer();
  testing::Fetched got = Fetch(Url("/hello/sha256%3Aab%20c?q=a+b%26c"));
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "hello sha256:ab c q=a b&c path=/hello/sha256:ab c");
  EXPECT_EQ(got.content_type, "application/json");
  EXPECT_EQ(got.server, "moat");
}

TEST_F(HttpServerTest, PostRoundTripCarriesBodyHeadersAndRemote) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: "
                  "5\r\n\r\nabcde"));
  std::string response = client.ReadResponse();
  EXPECT_THAT(response, StartsWith("HTTP/1.1 201 Created\r\n"));
  EXPECT_THAT(response, HasSubstr("Server: moat\r\n"));
  EXPECT_THAT(response, HasSubstr("Content-Type: text/plain\r\n"));
  EXPECT_THAT(response, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(response, HasSubstr("X-Type: text/csv\r\n"));
  EXPECT_THAT(response, HasSubstr("X-Remote: 127.0.0.1:"));
  EXPECT_THAT(response, ::testing::EndsWith("\r\n\r\nabcde"));
  EXPECT_EQ(Fetch(Url("/echo"), "POST", "via curl").body, "via curl");
}

TEST_F(HttpServerTest, UnknownPathAndWrongMethodAreJsonErrors) {
  StartServer();
  testing::Fetched missing = Fetch(Url("/nope"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, R"({"error":{"message":"no such resource: /nope","status":404}})");
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string response = client.ReadResponse();
  EXPECT_THAT(response, StartsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
  EXPECT_THAT(response, HasSubstr("Allow: POST\r\n"));
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  RawClient client(server_->port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client.Send(absl::StrCat("GET /hello/", i, " HTTP/1.1\r\nHost: x\r\n\r\n")));
    EXPECT_THAT(client.ReadResponse(),
                ::testing::EndsWith(absl::StrCat("hello ", i, " q= path=/hello/", i)));
  }
}

TEST_F(HttpServerTest, HeadAnswersGetRouteWithoutBody) {
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("HEAD /hello/x HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string response = client.ReadResponse(/*head=*/true);
  EXPECT_THAT(response, StartsWith("HTTP/1.1 200 OK\r\n"));
  EXPECT_THAT(response, HasSubstr("Content-Length: 24\r\n"));  // "hello x q= path=/hello/x"
  EXPECT_THAT(response, ::testing::EndsWith("\r\n\r\n"));
  // The connection stays usable: no stray body bytes precede the next response.
  ASSERT_TRUE(client.Send("GET /hello/y HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT(client.ReadResponse(), StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST_F(HttpServerTest, NoContentHasNoBodyAndHandlerCannotForgeFraming) {
  router_.Add("DELETE", "/thing", [](Request&) {
    Response response = JsonResponse(204, "dropped");
    response.headers.emplace_back("content-length", "99");
    response.headers.emplace_back("X-Bad", "a\r\nInjected: yes");
    response.headers.emplace_back("X-Good", "kept");
    return response;
  });
  StartServer();
  RawClient client(server_->port());
  ASSERT_TRUE(client.Send("DELETE /thing HTTP/1.1\r\nHost: x\r\n\r\n"));
  std::string response = client.ReadResponse(/*head=*/true);
  EXPECT_THAT(response, StartsWith("HTTP/1.1 204 No Content\r\n"));
  EXPECT_THAT(response, HasSubstr("X-Good: kept\r\n"));
  EXPECT_THAT(response, ::testing::Not(HasSubstr("Content-Length")));
  EXPECT_THAT(response, ::testing::Not(HasSubstr("Injected")));
  ASSERT_TRUE(client.Send("GET /hello/z HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT(client.ReadResponse(), StartsWith("HTTP/1.1 200 OK\r\n"));
}

TEST_F(HttpServerTest, RecordsLatencyByRoutePatternAndInFlight) {
  StartServer();
  ASSERT_EQ(Fetch(Url("/hello/a")).status, 200);
  ASSERT_EQ(Fetch(Url("/hello/b")).status, 200);
  ASSERT_EQ(Fetch(Url("/missing/x")).status, 404);
  std::string text = metrics_.Render();
  EXPECT_THAT(text, HasSubstr("# TYPE moat_http_request_duration_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("moat_http_request_duration_seconds_count{method=\"GET\",route=\"/"
                              "hello/{name}\",code=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("moat_http_request_duration_seconds_count{method=\"GET\",route="
                              "\"unmatched\",code=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("moat_http_requests_in_flight 0\n"));
}

TEST_F(HttpServerTest, BlockingHandlerDoesNotBlockOtherRequests) {
  std::promise<void> entered, release;
  std::shared_future<void> released = release.get_future().share();
  router_.Add("GET", "/slow", [&entered, released](Request&) {
    entered.set_value();
    released.wait_for(std::chrono::seconds(10));
    return JsonResponse(200, "slow");
  });
  StartServer(HttpServerOptions{.io_threads = 1, .worker_threads = 2});
  auto slow = std::async(std::launch::async, [&] { return Fetch(Url("/slow")); });
  ASSERT_EQ(entered.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_EQ(Fetch(Url("/hello/fast")).status, 200);
  EXPECT_EQ(slow.wait_for(std::chrono::seconds(0)), std::future_status::timeout);
  release.set_value();
  EXPECT_EQ(slow.get().body, "slow");
}

TEST_F(HttpServerTest, LargeBodiesRoundTrip) {
  router_.Add("GET", "/big", [](Request&) { return JsonResponse(200, std::string(8 << 20, 'b')); });
  StartServer();
  testing::Fetched got = Fetch(Url("/big"));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body.size(), 8u << 20);
  EXPECT_EQ(Fetch(Url("/echo"), "POST", std::string(3 << 20, 'u')).body.size(), 3u << 20);
}

TEST_F(HttpServerTest, HandlerExceptionBecomes500) {
  router_.Add("GET", "/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
  StartServer();
  testing::Fetched got = Fetch(Url("/throw"));
  EXPECT_EQ(got.status, 500);
  EXPECT_THAT(got.body, HasSubstr("internal error: boom"));
}

TEST_F(HttpServerTest, BindErrorNamesAddressAndReason) {
  StartServer();
  HttpServer second(HttpServerOptions{.port = server_->port()}, &router_, nullptr);
  absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(),
            absl::StrCat("listening on 127.0.0.1:", server_->port(), ": Address already in use"));
  HttpServer bad(HttpServerOptions{.address = "not-an-ip"}, &router_, nullptr);
  EXPECT_EQ(bad.Start().message(), "listening on not-an-ip:0: bad address");
}

TEST_F(HttpServerTest, StopWithOpenIdleConnectionsIsPrompt) {
  StartServer();
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 3; ++i) {
    idle.push_back(std::make_unique<RawClient>(server_->port()));
    ASSERT_TRUE(idle.back()->Send("GET /hello/x HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_THAT(idle.back()->ReadResponse(), StartsWith("HTTP/1.1 200"));
  }
  RawClient half(server_->port());
  ASSERT_TRUE(half.Send("GET /hello/x HTTP/1.1\r\n"));
  auto start = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  for (auto& client : idle) EXPECT_TRUE(client->WaitClosed(std::chrono::seconds(2)));
  EXPECT_TRUE(half.WaitClosed(std::chrono::seconds(2)));
  server_->Stop();  // idempotent
}

TEST(HttpServerTlsTest, ServesHttpsWithGivenCertificate) {
  std::string dir = moat::testing::MakeTempDir("moat-http-tls");
  ASSERT_FALSE(dir.empty());
  std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  moat::testing::CommandResult made = moat::testing::RunCommand({"/bin/sh",
                                                                 "-c",
                                                                 "exec openssl \"$@\"",
                                                                 "openssl",
                                                                 "req",
                                                                 "-x509",
                                                                 "-newkey",
                                                                 "ec",
                                                                 "-pkeyopt",
                                                                 "ec_paramgen_curve:P-256",
                                                                 "-nodes",
                                                                 "-subj",
                                                                 "/CN=127.0.0.1",
                                                                 "-addext",
                                                                 "subjectAltName=IP:127.0.0.1",
                                                                 "-days",
                                                                 "2",
                                                                 "-keyout",
                                                                 key,
                                                                 "-out",
                                                                 cert},
                                                                60);
  if (made.exit_code != 0) GTEST_SKIP() << "openssl CLI unavailable: " << made.err;
  Router router;
  router.Add("GET", "/secure", [](Request&) { return JsonResponse(200, "\"tls\""); });
  HttpServer server(HttpServerOptions{.tls_cert_file = cert, .tls_key_file = key}, &router,
                    nullptr);
  ASSERT_TRUE(server.Start().ok());
  std::string url = absl::StrCat("https://127.0.0.1:", server.port(), "/secure");
  testing::Fetched got = Fetch(url, "GET", "", cert);
  EXPECT_EQ(got.error, "");
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body, "\"tls\"");
  // The TLS listener speaks only TLS: plain HTTP gets no HTTP answer.
  RawClient plain(server.port());
  ASSERT_TRUE(plain.Send("GET /secure HTTP/1.1\r\nHost: x\r\n\r\n"));
  EXPECT_THAT(plain.ReadUntilClose(), ::testing::Not(HasSubstr("HTTP/1.1 200")));
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

TEST(HttpServerTlsTest, MissingCertificateFileIsNamed) {
  Router router;
  HttpServer server(HttpServerOptions{.tls_cert_file = "/nonexistent/cert.pem",
                                      .tls_key_file = "/nonexistent/key.pem"},
                    &router, nullptr);
  absl::Status status = server.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              StartsWith("loading TLS certificate /nonexistent/cert.pem: "));
  HttpServer half(HttpServerOptions{.tls_cert_file = "/x.pem"}, &router, nullptr);
  EXPECT_EQ(half.Start().message(), "TLS needs both a certificate and a key file");
}

}  // namespace
}  // namespace moat::http
