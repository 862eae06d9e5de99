// Harbor's scanner flow end to end (Pluggable Scanner API v1.2): a real registry stands in for
// Harbor's storage (tests/integration/registry_env.sh; skipped when MOAT_TEST_REGISTRY_PLAIN is
// unset), the SQLite store holds the queue, the scan worker pulls and scans, and the reports are
// read back through the router and through a real HTTP server with libcurl.
#include <unistd.h>

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "http/http_server.h"
#include "image/registry_client.h"
#include "platform/stream.h"
#include "server/harbor_test_env.h"
#include "testing/registry_images.h"
#include "testing/registry_push.h"

namespace moat::server {
namespace {

using ::moat::testing::File;
using ::moat::testing::RegistryImage;
using ::testing::HasSubstr;

std::string EnvVar(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : "";
}

// A small image with the vulnerable test npm package (CVE-2099-0001 in the fixture database).
RegistryImage AppImage(const std::string& marker) {
  std::string package = R"({"name": "moat-test-pkg", "version": "1.0.0"})";
  return testing::MakeRegistryImage(
      {{File("etc/os-release", "ID=moat-test\nVERSION_ID=1\n")},
       {File("app/node_modules/moat-test-pkg/package.json", package), File("app/marker", marker)}});
}

int sequence = 0;

class HarborConformanceTest : public HarborTestEnv {
 protected:
  void SetUp() override {
    plain_ = EnvVar("MOAT_TEST_REGISTRY_PLAIN");
    if (plain_.empty()) {
      GTEST_SKIP() << "MOAT_TEST_REGISTRY_PLAIN is unset; run: tests/integration/registry_env.sh "
                      "start && eval \"$(tests/integration/registry_env.sh env)\"";
    }
    HarborTestEnv::SetUp();
    repository_ = absl::StrCat("harbor/t", getpid(), "-", ++sequence, "/app");
  }

  void Push(const std::string& host, const image::RegistryCredentials& credentials,
            const std::string& tag, const RegistryImage& image) {
    auto http = platform::NewCurlHttpClient({});
    image::RegistryClientOptions options;
    options.plain_http = true;
    options.credentials = credentials;
    image::RegistryClient client(host, repository_, options, http.get(), &clock_);
    absl::Status pushed = testing::PushImage(client, tag, image);
    ASSERT_TRUE(pushed.ok()) << pushed;
  }

  std::string plain_;
  std::string repository_;
};

TEST_F(HarborConformanceTest, ScanThenPollThenReadEveryReport) {
  BuildDatabase();
  RegistryImage image = AppImage("flow");
  Push(plain_, {}, "1.0", image);
  const std::string& digest = image.manifest.digest;
  std::string id = Scan(absl::StrCat("http://", plain_), "", repository_, digest, "1.0");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(Report(id, kHarborVulnReportMime).status, 302);

  ASSERT_EQ(Drain(), 1);
  auto job = store_->GetJob(id);
  ASSERT_TRUE(job.ok());
  ASSERT_EQ(job->state, "done") << job->error;

  for (const char* mime : {kHarborVulnReportMime, kSecurityVulnReportMime}) {
    http::Response response = Report(id, mime);
    ASSERT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.content_type, mime);
    Json report = Body(response);
    EXPECT_EQ(report["artifact"]["repository"], repository_);
    EXPECT_EQ(report["artifact"]["digest"], digest);
    EXPECT_EQ(report["artifact"]["tag"], "1.0");
    EXPECT_EQ(report["scanner"]["name"], "Moat");
    EXPECT_EQ(report["severity"], "Critical");
    ASSERT_EQ(report["vulnerabilities"].size(), 1u) << response.body;
    const Json& vulnerability = report["vulnerabilities"][0];
    EXPECT_EQ(vulnerability["id"], "CVE-2099-0001");
    EXPECT_EQ(vulnerability["package"], "moat-test-pkg");
    EXPECT_EQ(vulnerability["version"], "1.0.0");
    EXPECT_EQ(vulnerability["fix_version"], "1.2.3");
    EXPECT_EQ(vulnerability["severity"], "Critical");
    EXPECT_EQ(vulnerability["links"], (Json{"https://example.org/advisories/0001"}));
    EXPECT_EQ(vulnerability["preferred_cvss"]["vector_v3"],
              "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  }
  http::Response cyclonedx =
      Report(id, kSbomReportMime, "?sbom_media_type=application/vnd.cyclonedx+json");
  ASSERT_EQ(cyclonedx.status, 200) << cyclonedx.body;
  EXPECT_EQ(cyclonedx.content_type, kSbomReportMime);
  EXPECT_EQ(Body(cyclonedx)["sbom"]["bomFormat"], "CycloneDX");
  EXPECT_THAT(cyclonedx.body, HasSubstr("pkg:npm/moat-test-pkg@1.0.0"));
  http::Response spdx = Report(id, kSbomReportMime, "?sbom_media_type=application/spdx+json");
  ASSERT_EQ(spdx.status, 200) << spdx.body;
  EXPECT_EQ(Body(spdx)["media_type"], "application/spdx+json");
  EXPECT_EQ(Body(spdx)["sbom"]["spdxVersion"], "SPDX-2.3");
  EXPECT_THAT(spdx.body, HasSubstr("pkg:npm/moat-test-pkg@1.0.0"));
  http::Response raw = Report(id, kRawVulnReportMime);
  ASSERT_EQ(raw.status, 200);
  EXPECT_EQ(Body(raw)["vulnerabilities"][0]["id"], "CVE-2099-0001");

  auto stored = store_->GetImage(digest);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->type, "registry");
  EXPECT_EQ((*stored)->registry_id, "");
  EXPECT_EQ((*stored)->repository, absl::StrCat(plain_, "/", repository_));
  EXPECT_EQ((*stored)->tags, std::vector<std::string>{"1.0"});
}

TEST_F(HarborConformanceTest, ScannedDigestIsReadyAfterATagOnlyJob) {
  RegistryImage image = AppImage("again");
  Push(plain_, {}, "1.0", image);
  std::string url = absl::StrCat("http://", plain_);
  std::string first = Scan(url, "", repository_, image.manifest.digest, "1.0");
  ASSERT_EQ(Drain(), 1);
  std::string second = Scan(url, "", repository_, image.manifest.digest, "stable");
  EXPECT_NE(second, first);
  ASSERT_EQ(Drain(), 1);
  EXPECT_EQ(Report(second, kHarborVulnReportMime).status, 200);
  auto stored = store_->GetImage(image.manifest.digest);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->tags, (std::vector<std::string>{"1.0", "stable"}));
}

TEST_F(HarborConformanceTest, BasicCredentialsInHarborsAuthorizationReachTheRegistry) {
  std::string basic = EnvVar("MOAT_TEST_REGISTRY_BASIC");
  if (basic.empty()) GTEST_SKIP() << "MOAT_TEST_REGISTRY_BASIC is unset";
  image::RegistryCredentials credentials;
  credentials.username = EnvVar("MOAT_TEST_REGISTRY_USER");
  credentials.password = EnvVar("MOAT_TEST_REGISTRY_PASSWORD");
  RegistryImage image = AppImage("basic");
  Push(basic, credentials, "1.0", image);
  std::string url = absl::StrCat("http://", basic);
  std::string right =
      absl::StrCat("Basic ", absl::Base64Escape(credentials.username + ":" + credentials.password));
  std::string id = Scan(url, right, repository_, image.manifest.digest, "1.0");
  ASSERT_EQ(Drain(), 1);
  http::Response report = Report(id, kHarborVulnReportMime);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(Body(report)["artifact"]["digest"], image.manifest.digest);

  RegistryImage other = AppImage("basic-wrong");
  Push(basic, credentials, "2.0", other);
  std::string wrong = absl::StrCat("Basic ", absl::Base64Escape(credentials.username + ":nope"));
  std::string refused = Scan(url, wrong, repository_, other.manifest.digest, "2.0");
  ASSERT_EQ(Drain(), 1);
  http::Response failed = Report(refused, kHarborVulnReportMime);
  EXPECT_EQ(failed.status, 500);
  EXPECT_THAT(failed.body, HasSubstr("401"));
  EXPECT_THAT(failed.body, ::testing::Not(HasSubstr(":nope")));
}

// A ready pull token for `repository` from the token registry's issuer (the realm its 401
// names), as Harbor would hand one to a scanner.
std::string PullToken(const std::string& host, const std::string& repository,
                      const image::RegistryCredentials& credentials) {
  auto http = platform::NewCurlHttpClient({});
  platform::HttpRequest ping;
  ping.url = absl::StrCat("http://", host, "/v2/");
  auto challenge = http->Send(ping);
  if (!challenge.ok()) return "";
  std::string header = (*challenge)->Header("WWW-Authenticate");
  auto param = [&header](const std::string& name) {
    size_t at = header.find(name + "=\"");
    if (at == std::string::npos) return std::string();
    at += name.size() + 2;
    return header.substr(at, header.find('"', at) - at);
  };
  platform::HttpRequest request;
  request.url = absl::StrCat(param("realm"), "?service=", param("service"),
                             "&scope=repository:", repository, ":pull");
  request.headers = {
      {"Authorization", absl::StrCat("Basic ", absl::Base64Escape(credentials.username + ":" +
                                                                  credentials.password))}};
  auto response = http->Send(request);
  if (!response.ok()) return "";
  auto body = platform::ReadAll((*response)->body(), 1 << 20, "token");
  if (!body.ok()) return "";
  auto parsed = ParseJson(*body, "token response");
  return parsed.ok() ? JsonString(*parsed, "token") : "";
}

TEST_F(HarborConformanceTest, BearerTokenInHarborsAuthorizationIsSentAsIs) {
  std::string host = EnvVar("MOAT_TEST_REGISTRY_TOKEN");
  if (host.empty()) GTEST_SKIP() << "MOAT_TEST_REGISTRY_TOKEN is unset";
  image::RegistryCredentials credentials;
  credentials.username = EnvVar("MOAT_TEST_REGISTRY_USER");
  credentials.password = EnvVar("MOAT_TEST_REGISTRY_PASSWORD");
  RegistryImage image = AppImage("bearer");
  Push(host, credentials, "1.0", image);
  std::string token = PullToken(host, repository_, credentials);
  ASSERT_FALSE(token.empty());
  std::string url = absl::StrCat("http://", host);
  std::string id = Scan(url, "Bearer " + token, repository_, image.manifest.digest, "1.0");
  ASSERT_EQ(Drain(), 1);
  http::Response report = Report(id, kHarborVulnReportMime);
  ASSERT_EQ(report.status, 200) << report.body;
  EXPECT_EQ(Body(report)["artifact"]["tag"], "1.0");

  RegistryImage other = AppImage("bearer-none");
  Push(host, credentials, "2.0", other);
  std::string refused = Scan(url, "", repository_, other.manifest.digest, "2.0");
  ASSERT_EQ(Drain(), 1);
  EXPECT_EQ(Report(refused, kHarborVulnReportMime).status, 500);
}

struct Fetched {
  int status = 0;
  std::string content_type;
  std::string refresh_after;
  std::string location;
  std::string body;
};

Fetched Fetch(uint16_t port, const std::string& method, const std::string& path,
              const platform::HttpHeaders& headers, const std::string& body = "") {
  platform::HttpClientOptions options;
  options.connect_timeout = absl::Seconds(5);
  options.idle_timeout = absl::Seconds(10);
  auto client = platform::NewCurlHttpClient(options);
  platform::HttpRequest request;
  request.method = method;
  request.url = absl::StrCat("http://127.0.0.1:", port, path);
  request.headers = headers;
  request.headers.emplace_back("Authorization", absl::StrCat("Bearer ", kOperatorToken));
  request.body = body;
  request.follow_redirects = false;
  Fetched fetched;
  auto response = client->Send(request);
  EXPECT_TRUE(response.ok()) << response.status();
  if (!response.ok()) return fetched;
  fetched.status = (*response)->status_code();
  fetched.content_type = (*response)->Header("Content-Type");
  fetched.refresh_after = (*response)->Header("Refresh-After");
  fetched.location = (*response)->Header("Location");
  auto all = platform::ReadAll((*response)->body(), 1 << 24, "body");
  if (all.ok()) fetched.body = *all;
  return fetched;
}

TEST_F(HarborConformanceTest, OverARealHttpServer) {
  BuildDatabase();
  RegistryImage image = AppImage("http");
  Push(plain_, {}, "1.0", image);
  http::HttpServer server(http::HttpServerOptions{}, &router_, nullptr);
  ASSERT_TRUE(server.Start().ok());
  Json body = {{"registry", {{"url", absl::StrCat("http://", plain_)}}},
               {"artifact",
                {{"repository", repository_},
                 {"digest", image.manifest.digest},
                 {"tag", "1.0"},
                 {"mime_type", "application/vnd.docker.distribution.manifest.v2+json"}}}};
  Fetched accepted =
      Fetch(server.port(), "POST", "/harbor/api/v1/scan",
            {{"Content-Type", "application/vnd.scanner.adapter.scan.request+json; version=1.1"}},
            DumpJson(body));
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  EXPECT_EQ(accepted.content_type,
            "application/vnd.scanner.adapter.scan.response+json; version=1.0");
  std::string id = JsonString(Body(http::Response{202, "", {}, accepted.body}), "id");
  std::string path = absl::StrCat("/harbor/api/v1/scan/", id, "/report");
  platform::HttpHeaders accept = {{"Accept", kSecurityVulnReportMime}};

  Fetched pending = Fetch(server.port(), "GET", path, accept);
  EXPECT_EQ(pending.status, 302);
  EXPECT_EQ(pending.refresh_after, "5");
  EXPECT_EQ(pending.location, path);

  ASSERT_EQ(Drain(), 1);
  Fetched done = Fetch(server.port(), "GET", path, accept);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.content_type, kSecurityVulnReportMime);
  EXPECT_THAT(done.body, HasSubstr("CVE-2099-0001"));
  EXPECT_EQ(Body(http::Response{200, "", {}, done.body})["artifact"]["mime_type"],
            "application/vnd.docker.distribution.manifest.v2+json");
  Fetched missing = Fetch(server.port(), "GET", "/harbor/api/v1/scan/424242/report", accept);
  EXPECT_EQ(missing.status, 404);
  server.Stop();
}

}  // namespace
}  // namespace moat::server
