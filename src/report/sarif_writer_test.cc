#include "report/sarif_writer.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/sarif_result.h"
#include "testing/paths.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

detect::Finding MakeFinding(detect::Category category, std::string rule_id, std::string severity,
                            std::string title, std::string path, int line, int layer) {
  detect::Finding f;
  f.category = category;
  f.rule_id = std::move(rule_id);
  f.severity = std::move(severity);
  f.title = std::move(title);
  f.source = "moat";
  f.evidence.path = std::move(path);
  f.evidence.line = line;
  f.evidence.layer = layer;
  return f;
}

// Findings of every kind the writer treats differently, worst first as FinishFindings sorts.
std::vector<detect::Finding> SampleFindings(const ScanResult& result) {
  using detect::Category;
  std::vector<detect::Finding> out;
  auto key = MakeFinding(Category::kSecret, "aws-access-key-id", "critical", "AWS access key ID",
                         "/app/.env", 3, 2);
  key.description = "An AWS access key ID gives access to the account's resources.";
  key.fix = "revoke the key and pass credentials at run time";
  key.evidence.excerpt = "AWS_ACCESS_KEY_ID=AKIA************MPLE";
  key.references = {"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials.html"};
  out.push_back(key);
  auto key2 = key;
  key2.evidence.path = "/opt/app/config/settings.ini";
  key2.evidence.line = 12;
  out.push_back(key2);
  auto ssh = MakeFinding(Category::kSensitiveFile, "MOAT-SF-001", "high", "SSH private key",
                         "/root/.ssh/id_rsa", 0, 0);
  ssh.fix = "remove the key in the layer that adds it, not in a later one";
  ssh.evidence.deleted_in_layer = 1;
  out.push_back(ssh);
  auto root =
      MakeFinding(Category::kConfig, "MOAT-CFG-001", "medium", "Image runs as root", "", 0, -1);
  root.fix = "set USER to an unprivileged user";
  out.push_back(root);
  auto curl = MakeFinding(Category::kHistory, "MOAT-HIST-001", "low",
                          "Script downloaded and piped to a shell", "", 0, 1);
  curl.evidence.excerpt = "curl -fsSL https://example.com/install.sh | sh";
  out.push_back(curl);
  for (auto& f : out) {
    if (f.evidence.layer >= 0)
      f.evidence.layer_diff_id = result.image.layers[f.evidence.layer].diff_id;
    f.id = detect::FindingFingerprint(f);
  }
  return out;
}

ScanResult SampleResult() {
  ScanResult result = testing::SampleScanResultWithVulnerabilities();
  result.findings = SampleFindings(result);
  result.scanners = {"vuln", "secret", "sensitive", "config", "history"};
  return result;
}

Json Render(const ScanResult& result, const SarifLimits& limits = {}) {
  auto doc = ParseJson(RenderSarif(result, RenderOptions{}, limits), "sarif");
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : Json();
}

// The first run, copied out of the rendered log (references into a temporary would dangle).
Json RunOf(const ScanResult& result, const SarifLimits& limits = {}) {
  Json doc = Render(result, limits);
  return doc["runs"][0];
}

std::vector<std::string> Strings(const Json& array, const std::string& pointer) {
  std::vector<std::string> out;
  for (const Json& item : array) out.push_back(item.at(Json::json_pointer(pointer)));
  return out;
}

TEST(SarifWriterTest, WritesOneRunOfTheMoatDriver) {
  Json doc = Render(SampleResult());
  EXPECT_EQ(doc["version"], "2.1.0");
  EXPECT_EQ(doc["$schema"], kSarifSchemaUri);
  ASSERT_EQ(doc["runs"].size(), 1u);
  const Json& run = doc["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "moat");
  EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
  EXPECT_EQ(run["tool"]["driver"]["semanticVersion"], "0.1.0");
  EXPECT_THAT(std::string(run["tool"]["driver"]["informationUri"]), HasSubstr("https://"));
  EXPECT_EQ(run["automationDetails"]["id"], "moat/image/registry.example.com/team/demo-app-1.4/");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
  EXPECT_EQ(run["invocations"][0]["endTimeUtc"], "2026-11-28T14:06:58Z");
  EXPECT_EQ(run["properties"]["resultsTotal"], 10);
  EXPECT_EQ(run["properties"]["resultsOmitted"], 0);
}

TEST(SarifWriterTest, SortsResultsWorstFirstWithTheirLevels) {
  Json results = RunOf(SampleResult())["results"];
  EXPECT_THAT(Strings(results, "/ruleId"),
              ElementsAre("CVE-2021-44228", "aws-access-key-id", "aws-access-key-id",
                          "CVE-2021-3749", "MOAT-SF-001", "CVE-2020-28168", "CVE-2023-4911",
                          "MOAT-CFG-001", "MOAT-HIST-001", "CVE-2019-1010022"));
  EXPECT_THAT(Strings(results, "/level"),
              ElementsAre("error", "error", "error", "error", "error", "warning", "warning",
                          "warning", "note", "note"));
}

TEST(SarifWriterTest, OneRulePerDistinctIdAndResultsPointAtTheirRule) {
  Json run = RunOf(SampleResult());
  const Json& rules = run["tool"]["driver"]["rules"];
  EXPECT_THAT(Strings(rules, "/id"),
              ElementsAre("CVE-2021-44228", "aws-access-key-id", "CVE-2021-3749", "MOAT-SF-001",
                          "CVE-2020-28168", "CVE-2023-4911", "MOAT-CFG-001", "MOAT-HIST-001",
                          "CVE-2019-1010022"));
  for (const Json& result : run["results"]) {
    size_t index = result["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
  }
}

TEST(SarifWriterTest, SecuritySeverityUsesCvssWhenTheSeverityCameFromIt) {
  Json rules = RunOf(SampleResult())["tool"]["driver"]["rules"];
  // CVSS-rated: their score; vendor-rated glibc (medium, CVSS 7.8): the medium score.
  EXPECT_THAT(Strings(rules, "/properties/security-severity"),
              ElementsAre("10.0", "9.5", "7.5", "8.0", "5.9", "5.5", "5.5", "2.0", "1.0"));
  EXPECT_THAT(Strings(rules, "/defaultConfiguration/level"),
              ElementsAre("error", "error", "error", "error", "warning", "warning", "warning",
                          "note", "note"));
  EXPECT_EQ(rules[0]["properties"]["tags"], Json({"security", "vulnerability", "maven"}));
  EXPECT_EQ(rules[1]["properties"]["tags"], Json({"security", "secret"}));
  EXPECT_EQ(rules[3]["properties"]["tags"], Json({"security", "sensitive-file"}));
}

TEST(SarifWriterTest, UnknownSeverityHasNoSecuritySeverity) {
  ScanResult result;
  result.findings = {MakeFinding(detect::Category::kMalware, "yara:odd", "", "Odd", "/x", 0, 0)};
  Json run = RunOf(result);
  EXPECT_FALSE(run["tool"]["driver"]["rules"][0]["properties"].contains("security-severity"));
  EXPECT_EQ(run["results"][0]["level"], "note");
  EXPECT_EQ(run["results"][0]["message"]["text"], "Odd (unknown)");
}

TEST(SarifWriterTest, VulnerabilityRuleCarriesTitleFixAndReference) {
  Json rules = RunOf(SampleResult())["tool"]["driver"]["rules"];
  const Json& log4j = rules[0];
  EXPECT_EQ(log4j["shortDescription"]["text"], "Remote code injection in Log4j");
  EXPECT_EQ(log4j["fullDescription"]["text"],
            "CVE-2021-44228 (critical, CVSS 10.0): Remote code injection in Log4j");
  EXPECT_EQ(log4j["helpUri"], "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
  std::string help = log4j["help"]["text"];
  EXPECT_THAT(help, HasSubstr("Also known as: GHSA-jfh8-c2jp-5v3q"));
  EXPECT_THAT(help, HasSubstr("- org.apache.logging.log4j:log4j-core 2.19.0 (/opt/app/lib/app.jar "
                              "in BOOT-INF/lib/log4j-core-2.19.0.jar): fixed in 2.3.1, 2.12.2, "
                              "2.15.0: upgrade org.apache.logging.log4j:log4j-core to 2.15.0"));
  EXPECT_THAT(std::string(log4j["help"]["markdown"]), HasSubstr("**CVE-2021-44228 (critical"));
  // No reference: the OSV page of the id.
  EXPECT_EQ(rules[2]["helpUri"], "https://osv.dev/vulnerability/CVE-2021-3749");
}

TEST(SarifWriterTest, FindingRuleCarriesDescriptionAndFix) {
  Json rule = RunOf(SampleResult())["tool"]["driver"]["rules"][1];
  EXPECT_EQ(rule["shortDescription"]["text"], "AWS access key ID");
  EXPECT_EQ(rule["fullDescription"]["text"],
            "An AWS access key ID gives access to the account's resources.");
  EXPECT_EQ(rule["helpUri"],
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials.html");
  EXPECT_THAT(std::string(rule["help"]["text"]),
              HasSubstr("Fix: revoke the key and pass credentials at run time"));
  EXPECT_THAT(std::string(rule["help"]["markdown"]), HasSubstr("**Fix:** revoke the key"));
}

TEST(SarifWriterTest, MarkdownHelpEscapesTextFromTheImage) {
  ScanResult result;
  auto f = MakeFinding(detect::Category::kSecret, "r", "high", "[click](https://evil.example)",
                       "/a", 1, 0);
  f.fix = "<img src=x> *now*";
  result.findings = {f};
  std::string markdown = RunOf(result)["tool"]["driver"]["rules"][0]["help"]["markdown"];
  EXPECT_THAT(markdown, HasSubstr("\\[click\\](https://evil.example)"));
  EXPECT_THAT(markdown, HasSubstr("\\<img src=x\\> \\*now\\*"));
}

TEST(SarifWriterTest, MessagesSayWhatAndTheFix) {
  Json results = RunOf(SampleResult())["results"];
  EXPECT_EQ(results[3]["message"]["text"],
            "axios 0.21.0: CVE-2021-3749 (high), fixed in 0.21.2: upgrade axios to 0.21.2");
  EXPECT_EQ(results[9]["message"]["text"],
            "libc6 2.36-9+deb12u10: CVE-2019-1010022 (negligible), will-not-fix");
  EXPECT_EQ(results[1]["message"]["text"],
            "AWS access key ID (critical): revoke the key and pass credentials at run time");
  EXPECT_EQ(results[4]["message"]["text"],
            "SSH private key (high): remove the key in the layer that adds it, not in a later one "
            "(added in layer 0 and deleted in layer 1, still readable in layer 0)");
}

TEST(SarifWriterTest, LocationsAreImagePathsWithLayers) {
  ScanResult sample = SampleResult();
  Json results = RunOf(sample)["results"];
  const Json& log4j = results[0]["locations"][0];
  EXPECT_EQ(log4j["physicalLocation"]["artifactLocation"]["uri"], "opt/app/lib/app.jar");
  EXPECT_EQ(log4j["physicalLocation"]["region"]["startLine"], 1);
  EXPECT_EQ(log4j["logicalLocations"][0]["name"], "registry.example.com/team/demo-app:1.4");
  EXPECT_EQ(log4j["properties"]["layer"], 2);
  EXPECT_EQ(log4j["properties"]["layerDiffId"], sample.image.layers[2].diff_id);
  EXPECT_FALSE(log4j["properties"].contains("deletedInLayer"));
  EXPECT_EQ(results[0]["properties"]["foundInArchive"], "BOOT-INF/lib/log4j-core-2.19.0.jar");

  const Json& secret = results[1]["locations"][0]["physicalLocation"];
  EXPECT_EQ(secret["artifactLocation"]["uri"], "app/.env");
  EXPECT_EQ(secret["region"]["startLine"], 3);
  EXPECT_EQ(secret["region"]["snippet"]["text"], "AWS_ACCESS_KEY_ID=AKIA************MPLE");
  EXPECT_EQ(results[4]["locations"][0]["properties"]["deletedInLayer"], 1);
  const Json& config = results[7]["locations"][0];
  EXPECT_EQ(config["physicalLocation"]["artifactLocation"]["uri"], "image-config");
  EXPECT_FALSE(config["properties"].contains("layer"));
  const Json& history = results[8]["locations"][0];
  EXPECT_EQ(history["physicalLocation"]["artifactLocation"]["uri"], "image-history");
  EXPECT_EQ(history["properties"]["layer"], 1);
}

TEST(SarifWriterTest, ArtifactUrisArePercentEncodedRelativeReferences) {
  EXPECT_EQ(SarifArtifactUri("/usr/lib/x.so", "f"), "usr/lib/x.so");
  EXPECT_EQ(SarifArtifactUri("//a b/c:d%e", "f"), "a%20b/c%3Ad%25e");
  EXPECT_EQ(SarifArtifactUri("/caf\xc3\xa9#1?x", "f"), "caf%C3%A9%231%3Fx");
  EXPECT_EQ(SarifArtifactUri("/", "fallback"), "fallback");
  EXPECT_EQ(SarifArtifactUri("", "fallback"), "fallback");
}

TEST(SarifWriterTest, FingerprintsAreStableAndDistinct) {
  ScanResult sample = SampleResult();
  const Json first = RunOf(sample)["results"];
  const Json second = RunOf(SampleResult())["results"];
  std::set<std::string> seen;
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i]["partialFingerprints"], second[i]["partialFingerprints"]);
    seen.insert(first[i]["partialFingerprints"].dump());
  }
  EXPECT_EQ(seen.size(), first.size());
  EXPECT_EQ(first[1]["partialFingerprints"][kSarifFindingFingerprintKey], sample.findings[0].id);
  EXPECT_EQ(first[0]["partialFingerprints"][kSarifVulnerabilityFingerprintKey],
            VulnerabilityFingerprint(sample.vulnerabilities[0]));
  // A finding without an id (not finished) still gets its fingerprint.
  sample.findings[0].id.clear();
  EXPECT_EQ(RunOf(sample)["results"][1]["partialFingerprints"], first[1]["partialFingerprints"]);
}

TEST(SarifWriterTest, VulnerabilityFingerprintChangesWithTheInstalledVersion) {
  vulndb::Vulnerability v = testing::SampleScanResultWithVulnerabilities().vulnerabilities[1];
  std::string before = VulnerabilityFingerprint(v);
  EXPECT_EQ(before.size(), 32u);
  v.installed_version = "0.21.1";
  EXPECT_NE(VulnerabilityFingerprint(v), before);
}

TEST(SarifWriterTest, TruncatesToTheLimitKeepingTheWorst) {
  Json run = RunOf(SampleResult(), SarifLimits{.max_results = 3});
  EXPECT_THAT(Strings(run["results"], "/ruleId"),
              ElementsAre("CVE-2021-44228", "aws-access-key-id", "aws-access-key-id"));
  EXPECT_THAT(Strings(run["tool"]["driver"]["rules"], "/id"),
              ElementsAre("CVE-2021-44228", "aws-access-key-id"));
  EXPECT_EQ(run["properties"]["resultsTotal"], 10);
  EXPECT_EQ(run["properties"]["resultsOmitted"], 7);
  const Json& note = run["invocations"][0]["toolExecutionNotifications"][0];
  EXPECT_EQ(note["level"], "warning");
  EXPECT_EQ(note["descriptor"]["id"], "moat/results-truncated");
  EXPECT_THAT(std::string(note["message"]["text"]), HasSubstr("7 least severe results left out"));
  EXPECT_THAT(std::string(note["message"]["text"]), HasSubstr("at most 3 results"));
}

TEST(SarifWriterTest, ScanWarningsBecomeToolNotifications) {
  Json run = RunOf(SampleResult());
  const Json& notes = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0]["descriptor"]["id"], "moat/scan-warning");
  EXPECT_EQ(notes[0]["message"]["text"],
            "/app/broken/package.json: invalid JSON at byte 12: syntax error");
}

TEST(SarifWriterTest, OneVulnerabilityInTwoPackagesIsOneRuleWithBothInItsHelp) {
  ScanResult result;
  vulndb::Vulnerability a;
  a.id = "CVE-2023-4911";
  a.ecosystem = "deb";
  a.package = "libc6";
  a.installed_version = "2.36-9";
  a.found_in = "/var/lib/dpkg/status";
  a.severity = "high";
  a.fixed_versions = {"2.36-9+deb12u3"};
  vulndb::Vulnerability b = a;
  b.package = "libc-bin";
  result.vulnerabilities = {a, b};
  Json run = RunOf(result);
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 1u);
  EXPECT_EQ(run["results"].size(), 2u);
  EXPECT_EQ(run["results"][1]["ruleIndex"], 0);
  EXPECT_NE(run["results"][0]["partialFingerprints"], run["results"][1]["partialFingerprints"]);
  std::string help = run["tool"]["driver"]["rules"][0]["help"]["text"];
  EXPECT_THAT(help, HasSubstr("- libc6 2.36-9 (/var/lib/dpkg/status): fixed in 2.36-9+deb12u3"));
  EXPECT_THAT(help, HasSubstr("- libc-bin 2.36-9 (/var/lib/dpkg/status): fixed in 2.36-9+deb12u3"));
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["shortDescription"]["text"],
            "CVE-2023-4911 in libc6");
}

TEST(SarifWriterTest, KeepsAtMostTenTagsAndAHundredWarnings) {
  ScanResult result;
  for (int i = 0; i < 12; ++i) {
    vulndb::Vulnerability v;
    v.id = "CVE-2024-0001";
    v.ecosystem = "eco" + std::to_string(i);
    v.package = "p";
    result.vulnerabilities.push_back(v);
  }
  for (int i = 0; i < 105; ++i) result.inventory.warnings.push_back("w" + std::to_string(i));
  Json run = RunOf(result);
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["properties"]["tags"].size(), 10u);
  const Json& notes = run["invocations"][0]["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 101u);
  EXPECT_EQ(notes[100]["message"]["text"], "5 more scan warnings left out");
}

TEST(SarifWriterTest, DefaultLimitIsGitHubsResultsPerRun) {
  EXPECT_EQ(SarifLimits{}.max_results, 25000u);
}

TEST(SarifWriterTest, AutomationIdNamesTheImageWithoutDigest) {
  ScanResult result;
  result.image.reference = "/tmp/images/my app@sha256:abc";
  EXPECT_EQ(RunOf(result)["automationDetails"]["id"], "moat/image/tmp/images/my-app/");
  result.image.reference.clear();
  EXPECT_EQ(RunOf(result)["automationDetails"]["id"], "moat/image/unnamed/");
}

TEST(SarifWriterTest, EmptyScanIsAValidEmptyRun) {
  Json run = RunOf(ScanResult{});
  EXPECT_TRUE(run["results"].is_array() && run["results"].empty());
  EXPECT_TRUE(run["tool"]["driver"]["rules"].is_array() && run["tool"]["driver"]["rules"].empty());
  EXPECT_FALSE(run["invocations"][0].contains("toolExecutionNotifications"));
}

// tests/fixtures/report/sample.sarif is this rendering; tests/integration/sbom_validate_test.sh
// validates it against the SARIF 2.1.0 schema. MOAT_UPDATE_GOLDEN=1 rewrites it.
TEST(SarifWriterTest, MatchesTheValidatedFixture) {
  std::string path = testing::FixturePath("report/sample.sarif");
  std::string rendered = RenderSarif(SampleResult(), RenderOptions{});
  EXPECT_EQ(rendered, RenderSarif(SampleResult(), RenderOptions{}));  // deterministic
  if (const char* update = std::getenv("MOAT_UPDATE_GOLDEN");
      update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << rendered;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing; run with MOAT_UPDATE_GOLDEN=1";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), rendered) << path << " differs; rerun with MOAT_UPDATE_GOLDEN=1 and review";
}

}  // namespace
}  // namespace moat::report
