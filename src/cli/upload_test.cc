#include "cli/upload.h"

#include <map>
#include <memory>

#include "cli/app.h"
#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/json_writer.h"
#include "testing/fake_http_client.h"
#include "testing/sample_scan_result.h"

namespace moat::cli {
namespace {

using ::testing::HasSubstr;

constexpr char kEndpoint[] = "https://moat.example.com/api/v1/scans";

// Forwards to a FakeHttpClient the test keeps (make_http_client hands out unique_ptrs).
class ForwardingClient : public platform::HttpClient {
 public:
  explicit ForwardingClient(moat::testing::FakeHttpClient* fake) : fake_(fake) {}
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override {
    return fake_->Send(request);
  }

 private:
  moat::testing::FakeHttpClient* fake_;
};

class UploadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ctx_.getenv = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    ctx_.make_http_client = [this](const platform::HttpClientOptions& options) {
      options_ = options;
      return std::make_unique<ForwardingClient>(&fake_);
    };
    err_ = std::tmpfile();
    ctx_.err = err_;
  }
  void TearDown() override { std::fclose(err_); }

  std::string Err() {
    std::fflush(err_);
    std::rewind(err_);
    std::string text;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, err_)) > 0) text.append(buffer, n);
    return text;
  }

  UploadTarget Target() {
    UploadFlags flags;
    flags.server = "https://moat.example.com";
    flags.token = "tok-123";
    auto target = ResolveUpload(ctx_, flags);
    EXPECT_TRUE(target.ok() && target->has_value());
    return **target;
  }

  std::map<std::string, std::string> env_;
  Context ctx_;
  std::FILE* err_ = nullptr;
  moat::testing::FakeHttpClient fake_;
  platform::HttpClientOptions options_;
};

TEST_F(UploadTest, BodyHasPipelineGateAndTheReportAsAnObject) {
  CiPipeline pipeline{"github", "acme/shop", "build", "42", "abc123", "main", "https://ci/42"};
  GateOutcome gate{true, 1, "3 findings at or above high"};
  report::ScanResult result = moat::testing::SampleScanResult();
  std::string report = report::RenderJson(result, {});
  auto body = ParseJson(BuildUploadBody(pipeline, gate, report), "body");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_EQ((*body)["pipeline"], Json::parse(R"({"provider": "github", "repository": "acme/shop",
      "workflow": "build", "run": "42", "commit": "abc123", "branch": "main",
      "url": "https://ci/42"})"));
  EXPECT_EQ((*body)["gate"],
            Json::parse(R"({"result": "fail", "reason": "3 findings at or above high"})"));
  EXPECT_EQ((*body)["report"], Json::parse(report));
  EXPECT_EQ((*body)["report"]["schemaVersion"], 1);
  EXPECT_EQ(body->size(), 3u);
}

TEST_F(UploadTest, BodyWithoutPolicyHasNoGateAndPassIsPass) {
  auto none =
      ParseJson(BuildUploadBody(CiPipeline{}, std::nullopt, "{\"schemaVersion\": 1}\n"), "body");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->contains("gate"));
  EXPECT_EQ((*none)["pipeline"]["provider"], "other");
  EXPECT_EQ((*none)["pipeline"]["repository"], "");
  auto pass =
      ParseJson(BuildUploadBody(CiPipeline{}, GateOutcome{false, 0, "0 findings"}, "{}"), "body");
  ASSERT_TRUE(pass.ok());
  EXPECT_EQ((*pass)["gate"]["result"], "pass");
}

TEST_F(UploadTest, ServerAndTokenComeFromFlagsThenEnvironment) {
  env_ = {{"MOAT_SERVER", "http://center:8080/"}, {"MOAT_TOKEN", "env-token\n"}};
  auto target = ResolveUpload(ctx_, UploadFlags{});
  ASSERT_TRUE(target.ok()) << target.status();
  ASSERT_TRUE(target->has_value());
  EXPECT_EQ((*target)->endpoint, "http://center:8080/api/v1/scans");
  EXPECT_EQ((*target)->token, "env-token");

  UploadFlags flags;
  flags.server = "https://other/api/v1/scans";
  flags.token = "flag-token";
  flags.ca_file = "/etc/ca.pem";
  flags.insecure = true;
  target = ResolveUpload(ctx_, flags);
  ASSERT_TRUE(target.ok() && target->has_value());
  EXPECT_EQ((*target)->endpoint, "https://other/api/v1/scans");
  EXPECT_EQ((*target)->token, "flag-token");
  EXPECT_EQ((*target)->options.ca_file, "/etc/ca.pem");
  EXPECT_TRUE((*target)->options.insecure_skip_verify);
}

TEST_F(UploadTest, NoServerMeansNoUpload) {
  env_ = {{"MOAT_TOKEN", "t"}};
  auto target = ResolveUpload(ctx_, UploadFlags{});
  ASSERT_TRUE(target.ok());
  EXPECT_FALSE(target->has_value());
}

TEST_F(UploadTest, MissingTokenBadTokenAndNonHttpUrlAreUsageErrors) {
  UploadFlags flags;
  flags.server = "https://moat.example.com";
  EXPECT_EQ(ResolveUpload(ctx_, flags).status().message(), "--upload needs --token or $MOAT_TOKEN");
  flags.token = "a b";
  EXPECT_EQ(ResolveUpload(ctx_, flags).status().message(),
            "--token: contains spaces or control characters");
  flags.server = "moat.example.com";
  flags.token = "t";
  EXPECT_EQ(ResolveUpload(ctx_, flags).status().message(),
            "--upload: \"moat.example.com\" is not an http:// or https:// URL");
}

TEST_F(UploadTest, PostsWithBearerTokenAndReadsTheReceipt) {
  fake_.Add("POST", kEndpoint, 201,
            R"({"id": "scan-7", "digest": "sha256:aa", "image": "/api/v1/images/sha256:aa"})");
  auto receipt = PostUpload(fake_, Target(), "{\"x\":1}");
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  EXPECT_EQ(receipt->id, "scan-7");
  EXPECT_EQ(receipt->image, "/api/v1/images/sha256:aa");
  ASSERT_EQ(fake_.requests().size(), 1u);
  const platform::HttpRequest sent = fake_.requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.body, "{\"x\":1}");
  EXPECT_FALSE(sent.follow_redirects);
  EXPECT_THAT(sent.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                "Authorization", "Bearer tok-123")));
  EXPECT_THAT(sent.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                "Content-Type", "application/json")));
}

TEST_F(UploadTest, ErrorNamesStatusAndServerMessage) {
  // Queued replies answer in order.
  fake_.Add("POST", kEndpoint, 401, R"({"error": {"status": 401, "message": "unknown token"}})");
  fake_.Add("POST", kEndpoint, 502, "<html>Bad gateway\n</html>\x01");
  EXPECT_EQ(PostUpload(fake_, Target(), "{}").status().message(), "HTTP 401: unknown token");
  EXPECT_EQ(PostUpload(fake_, Target(), "{}").status().message(),
            "HTTP 502: <html>Bad gateway </html>");
}

TEST_F(UploadTest, TooLargeBodyIsRefusedBeforeSending) {
  std::string body(kMaxUploadBytes + 1, ' ');
  EXPECT_THAT(PostUpload(fake_, Target(), body).status().message(),
              HasSubstr("the center accepts at most 64 MiB"));
  EXPECT_TRUE(fake_.requests().empty());
}

TEST_F(UploadTest, UploadScanSendsTheCiPipelineAndReportsFailureAsRuntimeError) {
  env_ = {{"JENKINS_URL", "http://jenkins/"}, {"BUILD_NUMBER", "9"}, {"JOB_NAME", "shop"}};
  UploadTarget target = Target();
  target.options.insecure_skip_verify = true;
  fake_.Add("POST", kEndpoint, 403,
            R"({"error": {"status": 403, "message": "uploading needs the operator role"}})");
  report::ScanResult result = moat::testing::SampleScanResult();
  EXPECT_EQ(UploadScan(ctx_, target, result, std::nullopt, false), kExitError);
  EXPECT_EQ(Err(), std::string("moat: error: uploading to ") + kEndpoint +
                       ": HTTP 403: uploading needs the operator role\n");
  EXPECT_TRUE(options_.insecure_skip_verify);
  ASSERT_EQ(fake_.requests().size(), 1u);
  auto body = ParseJson(fake_.requests()[0].body, "body");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ((*body)["pipeline"]["provider"], "jenkins");
  EXPECT_EQ((*body)["pipeline"]["run"], "9");
  EXPECT_EQ((*body)["report"]["image"]["digest"], result.image.digest);
}

TEST_F(UploadTest, UploadScanSuccessNotesTheScanId) {
  fake_.Add("POST", kEndpoint, 201, R"({"id": "scan-9"})");
  EXPECT_EQ(UploadScan(ctx_, Target(), moat::testing::SampleScanResult(),
                       GateOutcome{false, 0, "0 findings at or above high"}, false),
            kExitOk);
  EXPECT_THAT(Err(), HasSubstr("moat: uploaded to https://moat.example.com/api/v1/scans: scan "
                               "scan-9 (other pipeline, gate passed)"));
}

TEST_F(UploadTest, MissingCaFileIsAUsageErrorBeforeTheScan) {
  platform::PosixFileSystem fs;
  ctx_.fs = &fs;
  UploadFlags flags;
  flags.server = "https://moat.example.com";
  flags.token = "t";
  flags.ca_file = "/nonexistent/ca.pem";
  auto target = ResolveUpload(ctx_, flags);
  EXPECT_EQ(target.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(target.status().message()),
              ::testing::StartsWith("--upload-ca: /nonexistent/ca.pem: "));
}

TEST_F(UploadTest, TransportFailureIsRuntimeError) {
  moat::testing::FakeReply refused;
  refused.error = absl::UnavailableError(std::string("POST ") + kEndpoint + ": refused");
  fake_.Add("POST", kEndpoint, refused);
  EXPECT_EQ(UploadScan(ctx_, Target(), moat::testing::SampleScanResult(), std::nullopt, true),
            kExitError);
  EXPECT_EQ(Err(), std::string("moat: error: uploading to ") + kEndpoint + ": refused\n");
}

}  // namespace
}  // namespace moat::cli
