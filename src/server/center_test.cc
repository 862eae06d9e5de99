// The API over a real store (SQLite file; PostgreSQL too when MOAT_TEST_POSTGRES is set): roles,
// uploads, the images list, report downloads, tokens, audit, license/edition gating, registries
// and bad input.
#include "server/center.h"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "auth/token.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "http/router.h"
#include "license/ed25519.h"
#include "license/license.h"
#include "report/json_writer.h"
#include "report/sarif_writer.h"
#include "server/bootstrap.h"
#include "testing/fake_clock.h"
#include "testing/sample_scan_result.h"
#include "testing/store_location.h"

namespace moat::server {
namespace {

std::string Digest(char c) { return absl::StrCat("sha256:", std::string(64, c)); }

Json Report(char digest, const std::string& tag, const std::string& fixed) {
  Json vulnerability = {{"id", "CVE-2021-23337"},
                        {"package", "lodash"},
                        {"severity", "high"},
                        {"fixedVersions", Json::array()}};
  if (!fixed.empty()) vulnerability["fixedVersions"] = {fixed};
  return Json{
      {"schemaVersion", 1},
      {"image",
       {{"reference", tag},
        {"digest", Digest(digest)},
        {"imageId", Digest(static_cast<char>(digest + 1))},
        {"repoTags", {tag}}}},
      {"vulnerabilities", {vulnerability}},
      {"findings",
       {{{"category", "secret"}, {"ruleId", "aws-access-key-id"}, {"severity", "critical"}}}}};
}

class CenterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string error;
    location_ = testing::NewStoreLocation(GetParam(), &error);
    ASSERT_TRUE(error.empty()) << error;
    if (location_ == nullptr) GTEST_SKIP() << "MOAT_TEST_POSTGRES is not set: PostgreSQL skipped";
    auto opened = store::OpenStore(location_->location());
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = std::move(*opened);
    auto keys = license::GenerateKeyPair();
    ASSERT_TRUE(keys.ok());
    keys_ = *keys;
    CenterDeps deps;
    deps.store = store_.get();
    deps.clock = &clock_;
    deps.render_metrics = [] { return std::string("moat_up 1\n"); };
    deps.seal_secret = [](const std::string& password) {
      return absl::StatusOr<std::string>(absl::StrCat("sealed:", password.size()));
    };
    center_ = std::make_unique<Center>(
        std::move(deps), CenterConfig{"0.1.0", keys_.public_pem, R"({"openapi":"3.1.0"})"});
    center_->Register(router_);
    auto admin = CreateFirstAdminToken(*store_, 1);
    ASSERT_TRUE(admin.ok() && admin->has_value());
    admin_ = **admin;
    operator_ = CreateToken("ci", "operator");
    viewer_ = CreateToken("reader", "viewer");
  }

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "") {
    http::Request request;
    request.method = method;
    size_t question = target.find('?');
    request.path = target.substr(0, question);
    if (question != std::string::npos) {
      for (absl::string_view pair : absl::StrSplit(target.substr(question + 1), '&')) {
        std::pair<std::string, std::string> kv = absl::StrSplit(pair, absl::MaxSplits('=', 1));
        request.query[kv.first] = kv.second;
      }
    }
    if (!token.empty()) request.headers.emplace_back("authorization", "Bearer " + token);
    request.body = body;
    return router_.Dispatch(request);
  }

  std::string HeaderOf(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  Json CallJson(const std::string& method, const std::string& target, const std::string& token,
                int want_status, const std::string& body = "") {
    http::Response response = Call(method, target, token, body);
    EXPECT_EQ(response.status, want_status) << method << " " << target << ": " << response.body;
    auto parsed = ParseJson(response.body, "response");
    return parsed.ok() ? *parsed : Json();
  }

  std::string CreateToken(const std::string& name, const std::string& role) {
    Json created = CallJson("POST", "/api/v1/tokens", admin_, 201,
                            DumpJson(Json{{"name", name}, {"role", role}}));
    return JsonString(created, "token");
  }

  void Upload(char digest, const std::string& tag, const std::string& fixed,
              const std::string& gate = "pass") {
    Json body = {{"pipeline", {{"provider", "github"}, {"repository", "org/app"}, {"run", "7"}}},
                 {"gate", {{"result", gate}, {"reason", "1 finding at or above high"}}},
                 {"report", Report(digest, tag, fixed)}};
    CallJson("POST", "/api/v1/scans", operator_, 201, DumpJson(body));
  }

  std::vector<std::string> ListedDigests(const std::string& query) {
    Json page = CallJson("GET", "/api/v1/images" + query, viewer_, 200);
    std::vector<std::string> digests;
    for (const Json& image : page["images"]) digests.push_back(JsonString(image, "digest"));
    return digests;
  }

  std::unique_ptr<testing::StoreLocation> location_;
  testing::FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  license::KeyPair keys_;
  std::unique_ptr<Center> center_;
  http::Router router_;
  std::string admin_, operator_, viewer_;
};

TEST_P(CenterTest, RequestsWithoutAValidTokenAreRefused) {
  EXPECT_EQ(Call("GET", "/api/v1/images", "").status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/images", "moat_not-a-token").status, 401);
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/openapi.json", "").status, 200);
}

TEST_P(CenterTest, ViewerCannotChangeAnything) {
  Json error = CallJson("POST", "/api/v1/scans", viewer_, 403, "{}");
  EXPECT_NE(DumpJson(error).find("operator"), std::string::npos) << DumpJson(error);
  CallJson("POST", "/api/v1/tokens", viewer_, 403, R"({"name":"x","role":"admin"})");
  CallJson("PUT", "/api/v1/license", operator_, 403, "x");
  CallJson("POST", "/api/v1/registries", operator_, 403, "{}");
}

TEST_P(CenterTest, UploadedScansAreListedAsCiCdAndSearchable) {
  Upload('a', "ghcr.io/org/app:1.4", "4.17.21");
  Upload('c', "ghcr.io/org/api:2.0", "");
  EXPECT_EQ(ListedDigests("?type=ci-cd").size(), 2u);
  EXPECT_TRUE(ListedDigests("?type=registry").empty());
  EXPECT_EQ(ListedDigests("?search=1.4"), std::vector<std::string>{Digest('a')});
  EXPECT_EQ(ListedDigests("?search=cccc"), std::vector<std::string>{Digest('c')});
  EXPECT_EQ(ListedDigests("?search=sha256:aaa"), std::vector<std::string>{Digest('a')});
  EXPECT_EQ(ListedDigests("?hasFix=true"), std::vector<std::string>{Digest('a')});
  EXPECT_EQ(ListedDigests("?severity=critical&category=secret").size(), 2u);

  Json image = CallJson("GET", "/api/v1/images/" + Digest('a'), viewer_, 200);
  EXPECT_EQ(JsonString(image, "repository"), "ghcr.io/org/app");
  EXPECT_EQ(image["risk"]["vulnerability"]["high"], 1);
  EXPECT_EQ(image["risk"]["vulnerability"]["fixable"], 1);
  EXPECT_EQ(image["report"]["vulnerabilities"][0]["id"], "CVE-2021-23337");
  EXPECT_EQ(image["pipeline"]["provider"], "github");
}

TEST_P(CenterTest, ReportDownloadsAsStoredJsonSarifAndCycloneDx) {
  const report::ScanResult scan = testing::SampleScanResultWithFindings();
  Json report = *ParseJson(report::RenderJson(scan, report::RenderOptions{}), "report");
  CallJson("POST", "/api/v1/scans", operator_, 201, DumpJson(Json{{"report", report}}));
  const std::string path = "/api/v1/images/" + scan.image.digest + "/report";

  http::Response json = Call("GET", path, viewer_);
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(HeaderOf(json, "Content-Disposition"), "attachment; filename=\"moat-report.json\"");
  EXPECT_EQ(*ParseJson(json.body, "json"), report);

  http::Response sarif = Call("GET", path + "?format=sarif", viewer_);
  ASSERT_EQ(sarif.status, 200) << sarif.body;
  EXPECT_EQ(sarif.content_type, "application/sarif+json");
  EXPECT_EQ(HeaderOf(sarif, "Content-Disposition"), "attachment; filename=\"moat-report.sarif\"");
  Json log = *ParseJson(sarif.body, "sarif");
  EXPECT_EQ(log["version"], "2.1.0");
  std::set<std::string> rules;
  for (const Json& result : log["runs"][0]["results"]) rules.insert(JsonString(result, "ruleId"));
  EXPECT_TRUE(rules.count("CVE-2021-44228")) << sarif.body.substr(0, 2000);
  EXPECT_TRUE(rules.count("aws-access-key-id"));
  EXPECT_EQ(sarif.body, report::RenderSarif(scan, report::RenderOptions{}));

  http::Response cdx = Call("GET", path + "?format=cyclonedx", viewer_);
  ASSERT_EQ(cdx.status, 200) << cdx.body;
  EXPECT_EQ(cdx.content_type, "application/vnd.cyclonedx+json");
  EXPECT_EQ(HeaderOf(cdx, "Content-Disposition"), "attachment; filename=\"moat-report.cdx.json\"");
  Json bom = *ParseJson(cdx.body, "cyclonedx");
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  std::string log4j_ref;
  for (const Json& c : bom["components"]) {
    if (JsonString(c, "name") == "log4j-core") log4j_ref = JsonString(c, "bom-ref");
  }
  ASSERT_FALSE(log4j_ref.empty()) << cdx.body.substr(0, 2000);
  ASSERT_FALSE(bom["vulnerabilities"].empty());
  EXPECT_EQ(bom["vulnerabilities"][0]["id"], "CVE-2021-44228");
  EXPECT_EQ(bom["vulnerabilities"][0]["affects"][0]["ref"], log4j_ref);
}

TEST_P(CenterTest, ReportFormatErrorsAreClear) {
  Upload('a', "app:1", "4.17.21");
  Json error =
      CallJson("GET", "/api/v1/images/" + Digest('a') + "/report?format=spdx", viewer_, 400);
  EXPECT_EQ(JsonString(error["error"], "message"),
            "query parameter format: \"spdx\" is not a report format (expected json, sarif or "
            "cyclonedx)");
  CallJson("GET", "/api/v1/images/" + Digest('f') + "/report?format=sarif", viewer_, 404);
  // Uploads are checked, so only a damaged store holds a report that cannot be read back.
  auto stored = store_->GetLatestScan(Digest('a'));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  Json report = *ParseJson((*stored)->report_json, "stored");
  report["findings"][0].erase("ruleId");
  ASSERT_TRUE(store_->UpdateLatestReport(Digest('a'), DumpJson(report), {}).ok());
  error =
      CallJson("GET", "/api/v1/images/" + Digest('a') + "/report?format=cyclonedx", viewer_, 500);
  EXPECT_EQ(JsonString(error["error"], "message"),
            "image " + Digest('a') +
                ": cannot render the report as cyclonedx: stored report: findings[0].ruleId: "
                "missing");
}

TEST_P(CenterTest, OverviewCountsImagesByWorstSeverityAndNamesTheCaller) {
  Upload('a', "app:1", "4.17.21", "fail");  // a critical secret
  Json overview = CallJson("GET", "/api/v1/overview", viewer_, 200);
  EXPECT_EQ(overview["images"]["total"], 1);
  EXPECT_EQ(overview["images"]["byRisk"]["critical"], 1);
  EXPECT_EQ(overview["images"]["byRisk"]["none"], 0);
  ASSERT_EQ(overview["topVulnerable"].size(), 1u);
  EXPECT_EQ(overview["topVulnerable"][0]["digest"], Digest('a'));
  ASSERT_EQ(overview["latestAlerts"].size(), 1u);
  EXPECT_EQ(overview["edition"], "enterprise");
  EXPECT_TRUE(overview["licenseExpiresAt"].is_null());
  Json system = CallJson("GET", "/api/v1/system", viewer_, 200);
  EXPECT_EQ(system["caller"]["name"], "reader");
  EXPECT_EQ(system["caller"]["role"], "viewer");
}

TEST_P(CenterTest, AFailedGateRaisesAnAlert) {
  Upload('a', "app:1", "", "fail");
  Json alerts = CallJson("GET", "/api/v1/alerts?kind=ci-gate", viewer_, 200);
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  std::string id = JsonString(alerts["alerts"][0], "id");
  CallJson("PATCH", "/api/v1/alerts/" + id, operator_, 200, R"({"status":"handled"})");
  EXPECT_EQ(CallJson("GET", "/api/v1/alerts?status=new", viewer_, 200)["alerts"].size(), 0u);
  CallJson("PATCH", "/api/v1/alerts/" + id, operator_, 400, R"({"status":"gone"})");
}

TEST_P(CenterTest, BadUploadsAreClearErrorsAndStoreNothing) {
  Json error = CallJson("POST", "/api/v1/scans", operator_, 400, "{not json");
  EXPECT_NE(JsonString(error["error"], "message").find("request body"), std::string::npos);
  CallJson("POST", "/api/v1/scans", operator_, 400, R"({"pipeline":{}})");
  CallJson("POST", "/api/v1/scans", operator_, 400,
           R"({"report":{"schemaVersion":1,"image":{"digest":"sha256:short"}}})");
  // A report the center could not render again (SARIF, CycloneDX) is refused at upload.
  Json partial = Report('a', "app:1", "");
  partial["vulnerabilities"][0].erase("package");
  error = CallJson("POST", "/api/v1/scans", operator_, 400, DumpJson(Json{{"report", partial}}));
  EXPECT_EQ(JsonString(error["error"], "message"), "report: vulnerabilities[0].package: missing");
  CallJson("GET", "/api/v1/images?limit=0", viewer_, 400);
  CallJson("GET", "/api/v1/images?sort=size", viewer_, 400);
  EXPECT_TRUE(ListedDigests("").empty());
  CallJson("GET", "/api/v1/images/" + Digest('f'), viewer_, 404);
}

TEST_P(CenterTest, TokensAreShownOnceAuditedAndRevocable) {
  std::string token = CreateToken("temp", "viewer");
  EXPECT_EQ(Call("GET", "/api/v1/images", token).status, 200);
  Json tokens = CallJson("GET", "/api/v1/tokens", admin_, 200);
  std::string id;
  for (const Json& t : tokens["tokens"]) {
    EXPECT_FALSE(t.contains("token")) << "a listed token must not carry its secret";
    if (t["name"] == "temp") id = JsonString(t, "id");
  }
  ASSERT_FALSE(id.empty());
  CallJson("DELETE", "/api/v1/tokens/" + id, admin_, 200);
  EXPECT_EQ(Call("GET", "/api/v1/images", token).status, 401);
  Json audit = CallJson("GET", "/api/v1/audit", admin_, 200);
  ASSERT_FALSE(audit["entries"].empty());
  EXPECT_EQ(audit["entries"][0]["action"], "token.revoke");
  EXPECT_EQ(audit["entries"][0]["actor"], "admin");
  CallJson("POST", "/api/v1/tokens", admin_, 400, R"({"name":"x","role":"root"})");
}

TEST_P(CenterTest, UltimateFeaturesNeedAnUltimateLicense) {
  Json error = CallJson("GET", "/api/v1/microsegmentation", viewer_, 403);
  EXPECT_NE(JsonString(error["error"], "message").find("Ultimate"), std::string::npos);
  EXPECT_EQ(CallJson("GET", "/api/v1/license", viewer_, 200)["edition"], "enterprise");

  license::License granted;
  granted.id = "L-1";
  granted.customer = "Example";
  granted.edition = license::Edition::kUltimate;
  granted.issued_at = clock_.Now() - absl::Hours(1);
  granted.expires_at = clock_.Now() + absl::Hours(24 * 365);
  auto file = license::IssueLicense(granted, keys_.private_pem);
  ASSERT_TRUE(file.ok()) << file.status();
  CallJson("PUT", "/api/v1/license", admin_, 200, *file);
  EXPECT_EQ(CallJson("GET", "/api/v1/license", viewer_, 200)["edition"], "ultimate");
  CallJson("GET", "/api/v1/microsegmentation", viewer_, 200);

  auto other = license::GenerateKeyPair();
  ASSERT_TRUE(other.ok());
  auto foreign = license::IssueLicense(granted, other->private_pem);
  ASSERT_TRUE(foreign.ok());
  CallJson("PUT", "/api/v1/license", admin_, 400, *foreign);
  clock_.Advance(absl::Hours(24 * 366));
  EXPECT_EQ(CallJson("GET", "/api/v1/license", viewer_, 200)["edition"], "enterprise");
}

TEST_P(CenterTest, HostsNeedUltimateContainersDoNot) {
  Json cluster =
      CallJson("POST", "/api/v1/assets", operator_, 201, R"({"kind":"cluster","name":"prod"})");
  Json container = CallJson("POST", "/api/v1/assets", operator_, 201,
                            DumpJson(Json{{"kind", "container"},
                                          {"name", "web-1"},
                                          {"parent", cluster["id"]},
                                          {"imageDigest", Digest('a')},
                                          {"labels", {{"app", "web"}}}}));
  EXPECT_EQ(container["labels"]["app"], "web");
  Json error = CallJson("POST", "/api/v1/assets", operator_, 403, R"({"kind":"host","name":"db"})");
  EXPECT_EQ(JsonString(error["error"], "message"), "host protection requires the Ultimate edition");
  CallJson("POST", "/api/v1/assets", viewer_, 403, R"({"kind":"container","name":"x"})");
  CallJson("POST", "/api/v1/assets", operator_, 400, R"({"kind":"vm","name":"x"})");
  Json running = CallJson("GET", "/api/v1/assets?image=" + Digest('a'), viewer_, 200);
  ASSERT_EQ(running["assets"].size(), 1u);
  EXPECT_EQ(running["assets"][0]["name"], "web-1");

  license::License granted;
  granted.id = "L-2";
  granted.customer = "Example";
  granted.edition = license::Edition::kUltimate;
  granted.issued_at = clock_.Now() - absl::Hours(1);
  granted.expires_at = clock_.Now() + absl::Hours(24);
  auto file = license::IssueLicense(granted, keys_.private_pem);
  ASSERT_TRUE(file.ok()) << file.status();
  CallJson("PUT", "/api/v1/license", admin_, 200, *file);
  CallJson("POST", "/api/v1/assets", operator_, 201, R"({"kind":"host","name":"db"})");
  EXPECT_EQ(CallJson("GET", "/api/v1/assets?kind=host", viewer_, 200)["assets"].size(), 1u);
}

TEST_P(CenterTest, RegistriesAreValidatedAndNeverShowTheirSecret) {
  Json error = CallJson("POST", "/api/v1/registries", admin_, 400,
                        R"({"name":"r","type":"gcr","url":"https://r.example"})");
  EXPECT_NE(JsonString(error["error"], "message").find("docker-registry"), std::string::npos);
  CallJson("POST", "/api/v1/registries", admin_, 400, R"({"name":"r","url":"ftp://x"})");
  Json created = CallJson("POST", "/api/v1/registries", admin_, 201,
                          R"({"name":"local","url":"http://127.0.0.1:5000/","username":"u",)"
                          R"("password":"p4ss","repositories":["demo"]})");
  EXPECT_EQ(created["url"], "http://127.0.0.1:5000");
  EXPECT_EQ(created["hasPassword"], true);
  EXPECT_EQ(DumpJson(created).find("p4ss"), std::string::npos);
  CallJson("POST", "/api/v1/registries", admin_, 409, R"({"name":"local","url":"http://x"})");
  Json listed = CallJson("GET", "/api/v1/registries", viewer_, 200);
  ASSERT_EQ(listed["registries"].size(), 1u);
  std::string id = JsonString(created, "id");
  CallJson("POST", "/api/v1/registries/" + id + "/scan", operator_, 503);
  CallJson("DELETE", "/api/v1/registries/" + id, admin_, 200);
  CallJson("DELETE", "/api/v1/registries/" + id, admin_, 404);
}

TEST_P(CenterTest, WebhooksMustBeHttpUrls) {
  CallJson("PUT", "/api/v1/settings/webhooks", admin_, 400,
           R"({"webhooks":[{"url":"file:///x"}]})");
  CallJson("PUT", "/api/v1/settings/webhooks", admin_, 200,
           R"({"webhooks":[{"url":"http://127.0.0.1:9/hook"}]})");
  Json hooks = CallJson("GET", "/api/v1/settings/webhooks", admin_, 200);
  EXPECT_EQ(hooks["webhooks"][0]["url"], "http://127.0.0.1:9/hook");
}

INSTANTIATE_TEST_SUITE_P(Stores, CenterTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace moat::server
