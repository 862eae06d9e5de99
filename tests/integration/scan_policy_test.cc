// End to end: `moat scan` of the project's demo image with every scanner, and the knobs that
// decide what is shown and what fails: --scanners, --severity, --fail-on, --fail-on-category,
// --exit-code, the ignore file, OpenVEX, --dockerfile, and the SARIF format.
#include <fstream>
#include <set>
#include <string>

#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/image_builder.h"
#include "testing/paths.h"
#include "testing/subprocess.h"

namespace moat {
namespace {

using ::moat::testing::CommandResult;
using ::testing::HasSubstr;

class ScanPolicyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(moat::testing::MakeTempDir("scan-policy"));
    auto image = moat::testing::ImageFromLayerDirs(moat::testing::FixturePath("demo"));
    ASSERT_TRUE(image.ok()) << image.status();
    image->tag = "demo/app:1.0";
    ASSERT_TRUE(moat::testing::WriteDockerArchive(*dir_ + "/demo.tar", {*image}).ok());
    CommandResult build =
        Moat({"db", "build", "--from", moat::testing::FixturePath("demo-advisories"), "--db",
              *dir_ + "/moat.db"});
    ASSERT_EQ(build.exit_code, 0) << build.err;
  }

  static CommandResult Moat(std::vector<std::string> args) {
    args.insert(args.begin(), moat::testing::MoatBinary());
    return moat::testing::RunCommand(args);
  }

  // `moat scan -f json` of the demo image with `extra` flags; the parsed report.
  static Json ScanJson(std::vector<std::string> extra, CommandResult* out = nullptr) {
    std::vector<std::string> args = {"scan", "-f", "json", "--db", *dir_ + "/moat.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(*dir_ + "/demo.tar");
    CommandResult r = Moat(args);
    if (out != nullptr) *out = r;
    auto doc = ParseJson(r.out, "report");
    EXPECT_TRUE(doc.ok()) << r.err;
    return doc.ok() ? *doc : Json::object();
  }

  static std::set<std::string> Ids(const Json& report) {
    std::set<std::string> ids;
    for (const Json& v : report["vulnerabilities"]) ids.insert(JsonString(v, "id"));
    for (const Json& f : report["findings"]) ids.insert(JsonString(f, "ruleId"));
    return ids;
  }

  static std::string Write(const std::string& name, const std::string& text) {
    std::string path = *dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  static std::string* dir_;
};

std::string* ScanPolicyTest::dir_ = nullptr;

TEST_F(ScanPolicyTest, EveryScannerRunsOnOneReadAndTheDeletedSecretIsFound) {
  CommandResult r;
  Json report = ScanJson({}, &r);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(report["scanners"],
            Json({"vuln", "secret", "sensitive", "malware", "config", "history"}));
  const Json* secret = nullptr;
  for (const Json& f : report["findings"]) {
    if (JsonString(f, "category") == "secret") secret = &f;
  }
  ASSERT_NE(secret, nullptr) << r.out;
  EXPECT_EQ((*secret)["evidence"]["path"], "/opt/legacy/deploy.env");
  EXPECT_EQ((*secret)["evidence"]["layer"], 0);
  EXPECT_EQ((*secret)["evidence"]["deletedInLayer"], 1);
  EXPECT_THAT(JsonString((*secret)["evidence"], "excerpt"), HasSubstr("****"));
  EXPECT_THAT(r.err, HasSubstr("Summary: demo/app:1.0"));  // json on stdout, summary on stderr
  EXPECT_THAT(Ids(report), ::testing::IsSupersetOf({"CVE-2021-44906", "MOAT-CFG-001"}));
}

TEST_F(ScanPolicyTest, ScannersSelectWhatRuns) {
  Json vulns_only = ScanJson({"--scanners", "vuln"});
  EXPECT_EQ(vulns_only["scanners"], Json({"vuln"}));
  EXPECT_TRUE(vulns_only["findings"].empty());
  EXPECT_FALSE(vulns_only["vulnerabilities"].empty());
  Json secrets_only = ScanJson({"--scanners", "secret"});
  EXPECT_TRUE(secrets_only["database"].is_null());
  EXPECT_TRUE(secrets_only["vulnerabilities"].empty());
  for (const Json& f : secrets_only["findings"]) EXPECT_EQ(f["category"], "secret");
  CommandResult bad = Moat({"scan", "--scanners", "vuln,viruses", *dir_ + "/demo.tar"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--scanners: unknown scanner \"viruses\""));
}

TEST_F(ScanPolicyTest, ShowingAndFailingAreSeparateKnobs) {
  CommandResult r;
  Json critical = ScanJson({"--severity", "critical", "--fail-on", "high"}, &r);
  for (const Json& v : critical["vulnerabilities"]) EXPECT_EQ(v["severity"], "critical");
  for (const Json& f : critical["findings"]) EXPECT_EQ(f["severity"], "critical");
  EXPECT_EQ(r.exit_code, 1) << "a hidden high finding still fails --fail-on high";
  ScanJson({"--scanners", "config", "--fail-on", "critical"}, &r);
  EXPECT_EQ(r.exit_code, 0) << "the config findings are not critical";
  ScanJson({"--scanners", "config", "--fail-on-category", "config", "--exit-code", "7"}, &r);
  EXPECT_EQ(r.exit_code, 7);
  ScanJson({"--scanners", "vuln", "--fail-on-category", "secret,malware"}, &r);
  EXPECT_EQ(r.exit_code, 0);
  CommandResult bad = Moat({"scan", "--fail-on-category", "viruses", *dir_ + "/demo.tar"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--fail-on-category: unknown category \"viruses\""));
}

TEST_F(ScanPolicyTest, IgnoreFileAndVexLeaveOutWhatTheySay) {
  std::string ignore = Write("moatignore.yaml",
                             "ignore:\n"
                             "  - id: CVE-2021-44906\n"
                             "    reason: minimist only parses our own argv\n"
                             "  - path: /opt/legacy/*\n"
                             "    reason: the legacy env file is deleted in layer 2\n"
                             "  - id: MOAT-CFG-001\n"
                             "    reason: was accepted until the rewrite\n"
                             "    expires: 2020-01-01\n");
  std::string vex = Write("vex.json", R"({"@context": "https://openvex.dev/ns/v0.2.0",
      "statements": [{"vulnerability": {"name": "CVE-2021-23337"},
        "products": [{"@id": "pkg:npm/lodash"}], "status": "not_affected",
        "justification": "vulnerable_code_not_in_execute_path"}]})");
  CommandResult r;
  Json report = ScanJson({"--ignore-file", ignore, "--vex", vex}, &r);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> ids = Ids(report);
  EXPECT_FALSE(ids.count("CVE-2021-44906"));
  EXPECT_FALSE(ids.count("CVE-2021-23337"));
  EXPECT_TRUE(ids.count("CVE-2020-8203")) << "the other lodash finding stays";
  EXPECT_TRUE(ids.count("MOAT-CFG-001")) << "an expired entry no longer applies";
  for (const Json& f : report["findings"])
    EXPECT_NE(f["evidence"]["path"], "/opt/legacy/deploy.env");
  EXPECT_THAT(r.err, HasSubstr("moatignore.yaml:6: expired on 2020-01-01 and no longer applies"));
  EXPECT_THAT(r.err, HasSubstr("1 vulnerabilities not affecting the image per " + vex));
  std::string broken = Write("broken.yaml", "ignore:\n  - id: CVE-1\n");
  CommandResult refused = Moat({"scan", "--ignore-file", broken, *dir_ + "/demo.tar"});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr(broken + ":2: an entry needs a reason"));
}

TEST_F(ScanPolicyTest, DockerfileAloneOrWithTheImage) {
  std::string dockerfile = moat::testing::FixturePath("dockerfile/risky.Dockerfile");
  CommandResult alone = Moat({"scan", "-f", "json", "--dockerfile", dockerfile});
  ASSERT_EQ(alone.exit_code, 0) << alone.err;
  auto report = ParseJson(alone.out, "report");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ((*report)["scanners"], Json({"config"}));
  ASSERT_FALSE((*report)["findings"].empty());
  for (const Json& f : (*report)["findings"]) {
    EXPECT_EQ(f["evidence"]["path"], dockerfile);
    EXPECT_TRUE(f["evidence"]["line"].is_number());
  }
  CommandResult gated =
      Moat({"scan", "-q", "--dockerfile", dockerfile, "--fail-on-category", "config"});
  EXPECT_EQ(gated.exit_code, 1);
  CommandResult clean =
      Moat({"scan", "-q", "--dockerfile", moat::testing::FixturePath("dockerfile/clean.Dockerfile"),
            "--fail-on-category", "config"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
}

TEST_F(ScanPolicyTest, SarifHasAResultPerFindingAndVulnerability) {
  CommandResult r =
      Moat({"scan", "-q", "-f", "sarif", "--db", *dir_ + "/moat.db", *dir_ + "/demo.tar"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json report = ScanJson({});
  auto sarif = ParseJson(r.out, "sarif");
  ASSERT_TRUE(sarif.ok());
  EXPECT_EQ((*sarif)["version"], "2.1.0");
  EXPECT_EQ((*sarif)["runs"][0]["results"].size(),
            report["vulnerabilities"].size() + report["findings"].size());
}

}  // namespace
}  // namespace moat
