#include "image/registry_client.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/fake_http_client.h"

namespace moat::image {
namespace {

using ::moat::testing::FakeClock;
using ::moat::testing::FakeHttpClient;
using ::moat::testing::FakeReply;
using ::testing::ElementsAre;

constexpr char kWhat[] = "fetching manifest r.test/team/app:1.0";
constexpr char kManifestUrl[] = "https://r.test/v2/team/app/manifests/1.0";
const char kManifest[] = R"({"schemaVersion":2})";

class RegistryClientTest : public ::testing::Test {
 protected:
  RegistryClient Client(absl::string_view host = "r.test", RegistryClientOptions options = {}) {
    return RegistryClient(std::string(host), "team/app", std::move(options), &http_, &clock_);
  }
  static FakeReply Error(absl::Status status) {
    FakeReply reply;
    reply.error = std::move(status);
    return reply;
  }
  FakeHttpClient http_;
  FakeClock clock_;
};

TEST_F(RegistryClientTest, FetchesManifestOverHttpsWithAcceptHeader) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", kManifestUrl, 200, kManifest,
            {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}});
  RegistryClient client = Client();
  auto manifest = client.FetchManifest("1.0", 1000, kWhat);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->bytes, kManifest);
  EXPECT_EQ(manifest->digest, "sha256:" + Sha256Hex(kManifest));
  EXPECT_EQ(manifest->content_type, "application/vnd.oci.image.manifest.v1+json");
  EXPECT_EQ(client.base_url(), "https://r.test");
  auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].headers, (platform::HttpHeaders{{"Accept", std::string(kManifestAccept)}}));
}

TEST_F(RegistryClientTest, LoopbackFallsBackToPlainHttpWithoutRetryingHttps) {
  http_.Add("GET", "https://127.0.0.1:5000/v2/",
            Error(absl::UnavailableError("wrong version number")));
  http_.Add("GET", "http://127.0.0.1:5000/v2/", 200, "{}");
  RegistryClient client = Client("127.0.0.1:5000");
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.base_url(), "http://127.0.0.1:5000");
  EXPECT_EQ(http_.CountRequests("GET", "https://127.0.0.1:5000/v2/"), 1);
  EXPECT_TRUE(clock_.sleeps().empty());
  EXPECT_TRUE(IsLoopbackHost("localhost:5000"));
  EXPECT_TRUE(IsLoopbackHost("[::1]:5000"));
  EXPECT_FALSE(IsLoopbackHost("127example.com"));
}

TEST_F(RegistryClientTest, OtherHostsStayOnHttpsUnlessInsecure) {
  http_.Add("GET", "https://r.test/v2/",
            Error(absl::UnavailableError("GET https://r.test/v2/: refused")));
  http_.Add("GET", "http://r.test/v2/", 200, "{}");
  auto status = Client().Ping();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "pinging registry r.test: GET https://r.test/v2/: refused");
  EXPECT_EQ(http_.CountRequests("GET", "https://r.test/v2/"), 3);
  EXPECT_THAT(clock_.sleeps(), ElementsAre(absl::Milliseconds(200), absl::Milliseconds(400)));
  RegistryClientOptions insecure;
  insecure.allow_http_fallback = true;
  RegistryClient client = Client("r.test", insecure);
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.base_url(), "http://r.test");
}

TEST_F(RegistryClientTest, BothSchemesFailingAreBothReported) {
  http_.Add("GET", "https://localhost/v2/", Error(absl::UnavailableError("tls broke")));
  http_.Add("GET", "http://localhost/v2/", Error(absl::UnavailableError("refused")));
  EXPECT_EQ(Client("localhost").Ping().message(),
            "pinging registry localhost: tls broke; then over plain HTTP: refused");
}

TEST_F(RegistryClientTest, UntrustedCertificateIsNotAReasonForPlainHttp) {
  http_.Add(
      "GET", "https://localhost/v2/",
      Error(absl::FailedPreconditionError("GET https://localhost/v2/: self-signed certificate")));
  http_.Add("GET", "http://localhost/v2/", 200, "{}");
  auto status = Client("localhost").Ping();
  EXPECT_EQ(status.message(),
            "pinging registry localhost: GET https://localhost/v2/: self-signed certificate");
  EXPECT_EQ(http_.CountRequests("GET", "http://localhost/v2/"), 0);
}

TEST_F(RegistryClientTest, PlainHttpOnlyWhenAsked) {
  http_.Add("GET", "http://r.test/v2/", 200, "{}");
  RegistryClientOptions plain;
  plain.plain_http = true;
  RegistryClient client = Client("r.test", plain);
  ASSERT_TRUE(client.Ping().ok());
  EXPECT_EQ(client.base_url(), "http://r.test");
  EXPECT_EQ(http_.requests().size(), 1u);
}

TEST_F(RegistryClientTest, NotARegistry) {
  http_.Add("GET", "https://r.test/v2/", 404, "<html>nope</html>");
  EXPECT_EQ(Client().Ping().message(),
            "pinging registry r.test: HTTP 404 <html>nope</html> (is it an OCI distribution "
            "registry?)");
}

TEST_F(RegistryClientTest, BearerTokenFromThePingChallengeIsReused) {
  http_.Add("GET", "https://r.test/v2/", 401, "",
            {{"WWW-Authenticate", R"(Bearer realm="https://auth.test/token",service="r.test")"}});
  http_.Add("GET", "https://auth.test/token?service=r.test&scope=repository%3Ateam%2Fapp%3Apull",
            200, R"({"token":"T"})");
  http_.Add("GET", kManifestUrl, 200, kManifest);
  RegistryClient client = Client();
  ASSERT_TRUE(client.FetchManifest("1.0", 1000, kWhat).ok());
  ASSERT_TRUE(client.FetchManifest("1.0", 1000, kWhat).ok());
  auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_THAT(requests[2].headers, ::testing::Contains(std::pair<std::string, std::string>(
                                       "Authorization", "Bearer T")));
  EXPECT_EQ(requests[3].url, kManifestUrl);
}

TEST_F(RegistryClientTest, A401LearnsTheChallengeAndTriesOnce) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", kManifestUrl, 401, "", {{"WWW-Authenticate", "Basic realm=\"r\""}});
  http_.Add("GET", kManifestUrl, 200, kManifest);
  RegistryClientOptions options;
  options.credentials.username = "u";
  options.credentials.password = "p";
  RegistryClient client = Client("r.test", options);
  ASSERT_TRUE(client.FetchManifest("1.0", 1000, kWhat).ok());
  auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_TRUE(requests[1].headers.size() == 1);  // Accept only
  EXPECT_THAT(requests[2].headers, ::testing::Contains(std::pair<std::string, std::string>(
                                       "Authorization", "Basic " + absl::Base64Escape("u:p"))));
}

TEST_F(RegistryClientTest, RefusedBasicCredentialsAreReportedWithTheirSource) {
  http_.Add("GET", "https://r.test/v2/", 401, "", {{"WWW-Authenticate", "Basic realm=\"r\""}});
  http_.Add(
      "GET", kManifestUrl, 401,
      R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]})",
      {{"WWW-Authenticate", "Basic realm=\"r\""}});
  RegistryClientOptions options;
  options.credentials = {"scanner", "wrong", "", "", "MOAT_REGISTRY_USERNAME"};
  auto result = Client("r.test", options).FetchManifest("1.0", 1000, kWhat);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(result.status().message(),
            "fetching manifest r.test/team/app:1.0: HTTP 401 UNAUTHORIZED: authentication "
            "required (credentials of user \"scanner\" from MOAT_REGISTRY_USERNAME)");
  EXPECT_EQ(http_.CountRequests("GET", kManifestUrl), 1);
}

TEST_F(RegistryClientTest, TransientStatusesAreRetriedWithBackoff) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", kManifestUrl, 500, "oops");
  http_.Add("GET", kManifestUrl, 429, "", {{"Retry-After", "2"}});
  http_.Add("GET", kManifestUrl, 200, kManifest);
  auto manifest = Client().FetchManifest("1.0", 1000, kWhat);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_THAT(clock_.sleeps(), ElementsAre(absl::Milliseconds(200), absl::Seconds(2)));
}

TEST_F(RegistryClientTest, GivesUpAfterTheLastAttempt) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", kManifestUrl, 503, "<h1>busy</h1>\n");
  auto manifest = Client().FetchManifest("1.0", 1000, kWhat);
  EXPECT_EQ(manifest.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(manifest.status().message(),
            "fetching manifest r.test/team/app:1.0: HTTP 503 <h1>busy</h1>");
  EXPECT_EQ(http_.CountRequests("GET", kManifestUrl), 3);
}

TEST_F(RegistryClientTest, NotFoundIsNotRetried) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add(
      "GET", kManifestUrl, 404,
      R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"1.0"}}]})");
  auto manifest = Client().FetchManifest("1.0", 1000, kWhat);
  EXPECT_EQ(manifest.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(manifest.status().message(),
            "fetching manifest r.test/team/app:1.0: HTTP 404 MANIFEST_UNKNOWN: manifest unknown");
  EXPECT_EQ(http_.CountRequests("GET", kManifestUrl), 1);
}

TEST_F(RegistryClientTest, BrokenBodyIsFetchedAgain) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  FakeReply broken;
  broken.body = "{\"sche";
  broken.body_error = absl::DataLossError("transfer closed with 10 bytes remaining");
  http_.Add("GET", kManifestUrl, broken);
  http_.Add("GET", kManifestUrl, 200, kManifest);
  auto manifest = Client().FetchManifest("1.0", 1000, kWhat);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->bytes, kManifest);
}

TEST_F(RegistryClientTest, ManifestOverTheLimitIsRefused) {
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", kManifestUrl, 200, std::string(5000, ' '));
  auto manifest = Client().FetchManifest("1.0", 100, kWhat);
  EXPECT_EQ(manifest.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(manifest.status().message(),
            "fetching manifest r.test/team/app:1.0: the manifest is larger than the limit of 100 "
            "bytes");
  http_.Add("GET", "https://r.test/v2/team/app/manifests/big", 200, "{}",
            {{"Content-Length", "999999999"}});
  manifest = Client().FetchManifest("big", 100, "m");
  EXPECT_EQ(manifest.status().message(), "m: the manifest is larger than the limit of 100 bytes");
}

TEST_F(RegistryClientTest, DigestsAreVerified) {
  std::string wanted = "sha256:" + std::string(64, 'a');
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  http_.Add("GET", "https://r.test/v2/team/app/manifests/" + wanted, 200, kManifest);
  auto by_digest = Client().FetchManifest(wanted, 1000, "m");
  EXPECT_EQ(by_digest.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(by_digest.status().message(),
            "m: the registry sent a manifest with digest sha256:" + Sha256Hex(kManifest));
  http_.Add("GET", kManifestUrl, 200, kManifest, {{"Docker-Content-Digest", wanted}});
  EXPECT_EQ(Client().FetchManifest("1.0", 1000, "m").status().message(),
            "m: the manifest's digest is sha256:" + Sha256Hex(kManifest) +
                " but Docker-Content-Digest says " + wanted);
  http_.Add("GET", "https://r.test/v2/team/app/blobs/" + wanted, 200, "config");
  EXPECT_EQ(Client().FetchBlob(wanted, 1000, "c").status().message(),
            "c: the bytes have digest sha256:" + Sha256Hex("config"));
  EXPECT_EQ(Client().FetchBlob("sha256:../../x", 1000, "c").status().message(),
            "c: \"sha256:../../x\" is not a sha256 digest");
}

TEST_F(RegistryClientTest, BlobStreamsAndResumesWithRange) {
  std::string blob(3000, 'x');
  std::string digest = "sha256:" + Sha256Hex(blob);
  std::string url = "https://r.test/v2/team/app/blobs/" + digest;
  http_.Add("GET", "https://r.test/v2/", 200, "{}");
  FakeReply first;
  first.body = blob.substr(0, 1000);
  first.body_error = absl::UnavailableError("connection reset");
  http_.Add("GET", url, first);
  FakeReply rest;
  rest.status = 206;
  rest.headers = {{"Content-Range", "bytes 1000-2999/3000"}};
  rest.body = blob.substr(1000);
  http_.Add("GET", url, rest);
  RegistryClient client = Client();
  auto stream = client.OpenBlob(digest, 3000, "pulling layer 0");
  ASSERT_TRUE(stream.ok()) << stream.status();
  auto bytes = platform::ReadAll(**stream, 10000, "blob");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(*bytes, blob);
  auto requests = http_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].headers, (platform::HttpHeaders{{"Range", "bytes=1000-"}}));
}

}  // namespace
}  // namespace moat::image
