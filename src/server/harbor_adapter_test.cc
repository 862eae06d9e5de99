// The Harbor adapter's answers that need no registry: metadata, authorisation, bad scan requests,
// unknown ids, the 302 before the worker ran and the 500 of a failed scan (SQLite store).
#include "server/harbor_adapter.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/harbor_test_env.h"

namespace moat::server {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kErrorType[] = "application/vnd.scanner.adapter.error+json; version=1.0";
const std::string kDigest = "sha256:" + std::string(64, 'c');

class HarborAdapterTest : public HarborTestEnv {};

TEST_F(HarborAdapterTest, MetadataNamesTheSpecsMimeTypes) {
  store::AuditEntry audit;
  audit.actor = "system";
  ASSERT_TRUE(store_->PutSetting("vulndb.built_at", "2026-11-28T10:00:00Z", audit).ok());
  http::Response response = Call("GET", "/harbor/api/v1/metadata");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.content_type, "application/vnd.scanner.adapter.metadata+json; version=1.1");
  Json metadata = Body(response);
  EXPECT_EQ(metadata["scanner"],
            (Json{{"name", "Moat"}, {"vendor", "Moat"}, {"version", "0.1.0-test"}}));
  ASSERT_EQ(metadata["capabilities"].size(), 2u);
  const Json& vulnerability = metadata["capabilities"][0];
  EXPECT_EQ(vulnerability["type"], "vulnerability");
  EXPECT_THAT(JsonStringArray(vulnerability, "consumes_mime_types"),
              ElementsAre("application/vnd.oci.image.manifest.v1+json",
                          "application/vnd.docker.distribution.manifest.v2+json"));
  EXPECT_THAT(JsonStringArray(vulnerability, "produces_mime_types"),
              ElementsAre("application/vnd.scanner.adapter.vuln.report.harbor+json; version=1.0",
                          "application/vnd.security.vulnerability.report; version=1.1",
                          "application/vnd.scanner.adapter.vuln.report.raw"));
  const Json& sbom = metadata["capabilities"][1];
  EXPECT_EQ(sbom["type"], "sbom");
  EXPECT_THAT(JsonStringArray(sbom, "produces_mime_types"),
              ElementsAre("application/vnd.security.sbom.report+json; version=1.0"));
  EXPECT_THAT(JsonStringArray(sbom["additional_attributes"], "sbom_media_types"),
              ElementsAre("application/spdx+json", "application/vnd.cyclonedx+json"));
  EXPECT_EQ(metadata["properties"]["harbor.scanner-adapter/scanner-type"],
            "os-package-vulnerability");
  EXPECT_EQ(metadata["properties"]["harbor.scanner-adapter/vulnerability-database-updated-at"],
            "2026-11-28T10:00:00Z");
}

TEST_F(HarborAdapterTest, EveryRouteWantsTheOperatorToken) {
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/harbor/api/v1/metadata"},
                                                        {"POST", "/harbor/api/v1/scan"},
                                                        {"GET", "/harbor/api/v1/scan/1/report"}}) {
    http::Response response = Call(method, path, {}, "{}", /*authorized=*/false);
    EXPECT_EQ(response.status, 401) << path;
    EXPECT_EQ(response.content_type, kErrorType);
    EXPECT_EQ(Body(response), (Json{{"error", {{"message", "unknown or revoked API token"}}}}));
  }
}

TEST_F(HarborAdapterTest, WithoutAnAuthorizeCheckEverythingIsRefused) {
  HarborAdapter closed(HarborDeps{store_.get(), &clock_, nullptr, nullptr, "0"});
  http::Request request;
  request.headers = {{"authorization", absl::StrCat("Bearer ", kOperatorToken)}};
  EXPECT_EQ(closed.Metadata(request).status, 401);
}

TEST_F(HarborAdapterTest, MalformedScanRequestsAre400And422) {
  http::Response not_json = Call("POST", "/harbor/api/v1/scan", {}, "{\"registry\": ");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(not_json.content_type, kErrorType);
  EXPECT_THAT(JsonString(Body(not_json)["error"], "message"), HasSubstr("scan request"));
  Json index = {{"registry", {{"url", "http://127.0.0.1:5000"}}},
                {"artifact",
                 {{"repository", "library/app"},
                  {"digest", kDigest},
                  {"mime_type", "application/vnd.oci.image.index.v1+json"}}}};
  http::Response unsupported = Call("POST", "/harbor/api/v1/scan", {}, DumpJson(index));
  EXPECT_EQ(unsupported.status, 422);
  EXPECT_THAT(JsonString(Body(unsupported)["error"], "message"),
              HasSubstr("artifact.mime_type: unsupported artifact type"));
  index["artifact"].erase("mime_type");
  index["artifact"]["digest"] = "latest";
  EXPECT_EQ(Call("POST", "/harbor/api/v1/scan", {}, DumpJson(index)).status, 422);
  EXPECT_EQ(store_->CountJobs("queued").value_or(-1), 0);
}

TEST_F(HarborAdapterTest, UnknownScanRequestIdIs404) {
  http::Response response = Report("no-such-job", kHarborVulnReportMime);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, kErrorType);
  EXPECT_EQ(Report("999999", kHarborVulnReportMime).status, 404);
}

TEST_F(HarborAdapterTest, QueuedScanAnswers302WithRefreshAfterAndKeepsCredentialsSealed) {
  std::string id =
      Scan("http://127.0.0.1:5000", "Basic c2Nhbm5lcjpzM2NyZXQ=", "library/app", kDigest, "1.0");
  ASSERT_FALSE(id.empty());
  auto job = store_->GetJob(id);
  ASSERT_TRUE(job.ok()) << job.status();
  EXPECT_EQ(job->kind, "scan");
  EXPECT_EQ(job->digest, kDigest);
  EXPECT_THAT(job->payload, Not(HasSubstr("c2Nhbm5lcjpzM2NyZXQ=")));
  Json payload = Body(http::Response{200, "", {}, job->payload});
  EXPECT_EQ(payload["harbor"]["registryUrl"], "http://127.0.0.1:5000");
  EXPECT_EQ(*box_->Open(JsonString(payload["harbor"], "authorization")),
            "Basic c2Nhbm5lcjpzM2NyZXQ=");
  EXPECT_EQ(payload["repository"], "library/app");
  EXPECT_EQ(payload["tag"], "1.0");

  http::Response pending = Report(id, kSecurityVulnReportMime);
  EXPECT_EQ(pending.status, 302);
  EXPECT_EQ(HeaderOf(pending, "Refresh-After"), "5");
  EXPECT_EQ(HeaderOf(pending, "Location"), absl::StrCat("/harbor/api/v1/scan/", id, "/report"));
  // The same digest again: the active job is the answer.
  EXPECT_EQ(Scan("http://127.0.0.1:5000", "", "library/app", kDigest, "latest"), id);
}

TEST_F(HarborAdapterTest, ReportTypeChecksUseTheSpecsCodes) {
  std::string id = Scan("http://127.0.0.1:5000", "", "library/app", kDigest, "1.0");
  http::Response unknown_type = Report(id, "application/vnd.example.report; version=9");
  EXPECT_EQ(unknown_type.status, 501);
  EXPECT_EQ(unknown_type.content_type, kErrorType);
  http::Response no_format = Report(id, kSbomReportMime);
  EXPECT_EQ(no_format.status, 400);
  EXPECT_THAT(JsonString(Body(no_format)["error"], "message"), HasSubstr("sbom_media_type"));
  http::Response sbom_pending =
      Report(id, kSbomReportMime, "?sbom_media_type=application/vnd.cyclonedx+json");
  EXPECT_EQ(sbom_pending.status, 302);
  EXPECT_EQ(HeaderOf(sbom_pending, "Location"),
            absl::StrCat("/harbor/api/v1/scan/", id,
                         "/report?sbom_media_type=application%2Fvnd.cyclonedx%2Bjson"));
}

TEST_F(HarborAdapterTest, FailedScanIs500WithTheError) {
  // Nothing listens on port 1: the pull fails and the worker finishes the job as failed.
  std::string id = Scan("http://127.0.0.1:1", "", "library/app", kDigest, "1.0");
  EXPECT_EQ(Drain(), 1);
  http::Response failed = Report(id, kHarborVulnReportMime);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.content_type, kErrorType);
  EXPECT_THAT(JsonString(Body(failed)["error"], "message"),
              HasSubstr(absl::StrCat("scan failed: scanning 127.0.0.1:1/library/app@", kDigest)));
}

}  // namespace
}  // namespace moat::server
