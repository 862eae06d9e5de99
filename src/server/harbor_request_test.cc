// The ScanRequest parser and the Accept choice of the Harbor adapter: which answer (400, 422,
// 501) each kind of bad request gets, with the field named, and the registry Authorization
// Harbor sends turned into registry credentials.
#include "server/harbor_request.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scanjob/harbor_job.h"

namespace moat::server {
namespace {

using ::testing::HasSubstr;

constexpr char kDigest[] =
    "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

std::string Body(const std::string& artifact_extra = "",
                 const std::string& registry = R"({"url": "https://core.harbor.domain",
                     "authorization": "Basic dXNlcjpwYXNz"})") {
  return R"({"registry": )" + registry +
         R"(, "artifact": {"repository": "library/mongo", "digest": ")" + kDigest +
         R"(", "tag": "3.14-xenial", "mime_type": "application/vnd.docker.distribution.manifest.v2+json")" +
         artifact_extra + "}}";
}

TEST(HarborRequestTest, ParsesTheSpecExample) {
  auto request = ParseHarborScanRequest(Body());
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->registry_url, "https://core.harbor.domain");
  EXPECT_EQ(request->authorization, "Basic dXNlcjpwYXNz");
  EXPECT_EQ(request->artifact.repository, "library/mongo");
  EXPECT_EQ(request->artifact.digest, kDigest);
  EXPECT_EQ(request->artifact.tag, "3.14-xenial");
  EXPECT_EQ(request->artifact.mime_type, kDockerManifestMime);
  EXPECT_TRUE(request->capabilities.empty());
}

TEST(HarborRequestTest, ReadsEnabledCapabilities) {
  std::string body = Body();
  body.insert(body.size() - 1,
              R"(, "enabled_capabilities": [{"type": "sbom", "produces_mime_types":
                 ["application/vnd.security.sbom.report+json; version=1.0"],
                 "parameters": {"sbom_media_types": ["application/spdx+json"]}}])");
  auto request = ParseHarborScanRequest(body);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->capabilities, std::vector<std::string>{"sbom"});
}

struct BadCase {
  std::string name;
  std::string body;
  absl::StatusCode code;
  std::string message;
};

TEST(HarborRequestTest, BadRequestsGetTheSpecsAnswer) {
  const BadCase cases[] = {
      {"not json", "{\"registry\": ", absl::StatusCode::kInvalidArgument, "scan request"},
      {"array", "[]", absl::StatusCode::kInvalidArgument, "body: want a JSON object"},
      {"registry not object", R"({"registry": "x", "artifact": {}})",
       absl::StatusCode::kInvalidArgument, "registry: want an object"},
      {"url not string", Body("", R"({"url": 5})"), absl::StatusCode::kInvalidArgument,
       "registry.url: want a string"},
      {"tag not string", Body(R"(, "tag": 1)"), absl::StatusCode::kInvalidArgument,
       "artifact.tag: want a string"},
      {"no registry", R"({"artifact": {}})", absl::StatusCode::kFailedPrecondition,
       "registry: is required"},
      {"no url", Body("", "{}"), absl::StatusCode::kFailedPrecondition,
       "registry.url: is required"},
      {"url with path", Body("", R"({"url": "https://h/v2"})"),
       absl::StatusCode::kFailedPrecondition, "registry.url: registry URL"},
      {"bad digest", Body(R"(, "digest": "sha256:abc")"), absl::StatusCode::kFailedPrecondition,
       "artifact.digest"},
      {"bad repository", Body(R"(, "repository": "../etc")"), absl::StatusCode::kFailedPrecondition,
       "artifact.repository"},
      {"index", Body(R"(, "mime_type": "application/vnd.oci.image.index.v1+json")"),
       absl::StatusCode::kFailedPrecondition,
       "artifact.mime_type: unsupported artifact type \"application/vnd.oci.image.index.v1+json\""},
  };
  for (const BadCase& c : cases) {
    auto request = ParseHarborScanRequest(c.body);
    EXPECT_EQ(request.status().code(), c.code) << c.name << ": " << request.status();
    EXPECT_THAT(request.status().message(), HasSubstr(c.message)) << c.name;
  }
}

TEST(HarborRequestTest, OnlyUnknownCapabilitiesAreUnimplemented) {
  std::string body = Body();
  body.insert(body.size() - 1, R"(, "enabled_capabilities": [{"type": "malware"}])");
  EXPECT_EQ(ParseHarborScanRequest(body).status().code(), absl::StatusCode::kUnimplemented);
  body = Body();
  body.insert(body.size() - 1, R"(, "enabled_capabilities": "sbom")");
  EXPECT_EQ(ParseHarborScanRequest(body).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HarborRequestTest, ChoosesTheReportFromAccept) {
  EXPECT_EQ(*ChooseReportMime(""), kHarborVulnReportMime);
  EXPECT_EQ(*ChooseReportMime("*/*"), kHarborVulnReportMime);
  EXPECT_EQ(*ChooseReportMime("application/vnd.security.vulnerability.report; version=1.1"),
            kSecurityVulnReportMime);
  EXPECT_EQ(*ChooseReportMime("Application/Vnd.Security.Vulnerability.Report;version=1.1"),
            kSecurityVulnReportMime);
  EXPECT_EQ(*ChooseReportMime("text/html, application/vnd.security.sbom.report+json; version=1.0"),
            kSbomReportMime);
  EXPECT_EQ(*ChooseReportMime(kRawVulnReportMime), kRawVulnReportMime);
  auto unknown =
      ChooseReportMime("application/vnd.scanner.adapter.vuln.report.harbor+json; version=9");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(), HasSubstr("no report of type"));
}

TEST(HarborRequestTest, AuthorizationBecomesRegistryCredentials) {
  auto basic = scanjob::CredentialsFromAuthorization("Basic c2Nhbm5lcjpzM2NyZXQ6cGFzcw==");
  ASSERT_TRUE(basic.ok()) << basic.status();
  EXPECT_EQ(basic->username, "scanner");
  EXPECT_EQ(basic->password, "s3cret:pass");
  auto bearer = scanjob::CredentialsFromAuthorization("bearer eyJ.abc.def");
  ASSERT_TRUE(bearer.ok()) << bearer.status();
  EXPECT_EQ(bearer->registry_token, "eyJ.abc.def");
  EXPECT_TRUE(bearer->username.empty());
  EXPECT_TRUE(scanjob::CredentialsFromAuthorization("")->empty());
  auto bad = scanjob::CredentialsFromAuthorization("Basic bm9jb2xvbg==");  // "nocolon"
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), ::testing::Not(HasSubstr("nocolon")));
  EXPECT_EQ(scanjob::CredentialsFromAuthorization("Digest x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(HarborRequestTest, JobPayloadRoundTrips) {
  scanjob::HarborJobPayload payload{"http://127.0.0.1:5000", "v1:sealed", "team/app", "1.0",
                                    kOciManifestMime};
  auto parsed = scanjob::ParseHarborJobPayload(scanjob::HarborJobPayloadJson(payload));
  ASSERT_TRUE(parsed.ok() && parsed->has_value()) << parsed.status();
  EXPECT_EQ((*parsed)->registry_url, payload.registry_url);
  EXPECT_EQ((*parsed)->sealed_authorization, "v1:sealed");
  EXPECT_EQ((*parsed)->repository, "team/app");
  EXPECT_EQ((*parsed)->tag, "1.0");
  EXPECT_EQ((*parsed)->mime_type, kOciManifestMime);
  auto registry_job = scanjob::ParseHarborJobPayload(R"({"registryId": "1", "repository": "a"})");
  ASSERT_TRUE(registry_job.ok());
  EXPECT_FALSE(registry_job->has_value());
}

}  // namespace
}  // namespace moat::server
