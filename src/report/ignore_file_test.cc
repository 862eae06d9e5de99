// The ignore file: parsing with exact errors, matching by id/alias/rule, path glob and package,
// and expiry (an expired entry stops applying and is reported).
#include "report/ignore_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Ids(const ScanResult& r) {
  std::vector<std::string> ids;
  for (const auto& v : r.vulnerabilities) ids.push_back(v.id);
  for (const auto& f : r.findings) ids.push_back(f.rule_id);
  return ids;
}

TEST(IgnoreFileTest, ParsesEntriesWithTheirLines) {
  auto rules = ParseIgnoreFile(R"(# accepted risks
ignore:
  - id: CVE-2021-44906
    reason: minimist only parses our own argv
    expires: 2027-01-31
  - path: /opt/legacy/*
    reason: removed in the next release
)",
                               ".moatignore");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->entries.size(), 2u);
  EXPECT_EQ(rules->entries[0].line, 3);
  EXPECT_EQ(rules->entries[0].id, "CVE-2021-44906");
  EXPECT_EQ(rules->entries[0].expires, "2027-01-31");
  EXPECT_EQ(rules->entries[1].path, "/opt/legacy/*");
}

TEST(IgnoreFileTest, BadEntriesAreErrorsNamingFileAndLine) {
  auto missing_reason = ParseIgnoreFile("ignore:\n  - id: CVE-1\n", "x.yaml");
  EXPECT_EQ(missing_reason.status().message(), "x.yaml:2: an entry needs a reason");
  auto unknown = ParseIgnoreFile("ignore:\n  - id: CVE-1\n    reason: r\n    until: x\n", "x");
  EXPECT_EQ(unknown.status().message(),
            "x:2: unknown field \"until\" (valid: id, path, package, reason, expires)");
  auto date = ParseIgnoreFile("ignore:\n  - id: CVE-1\n    reason: r\n    expires: soon\n", "x");
  EXPECT_EQ(date.status().message(), "x:2: expires \"soon\" is not a date (YYYY-MM-DD)");
  auto empty = ParseIgnoreFile("ignore:\n  - reason: r\n", "x");
  EXPECT_EQ(empty.status().message(), "x:2: an entry needs at least one of id, path, package");
  auto shape = ParseIgnoreFile("- id: CVE-1\n", "x");
  EXPECT_EQ(shape.status().message(), "x: expected a map with an \"ignore\" list of entries");
  auto syntax = ParseIgnoreFile("ignore: [\n", "x");
  EXPECT_THAT(std::string(syntax.status().message()), HasSubstr("invalid YAML at line"));
  EXPECT_TRUE(ParseIgnoreFile("", "x").ok());
}

TEST(IgnoreFileTest, RemovesWhatEntriesMatchAndReportsExpiredOnes) {
  ScanResult result = testing::SampleScanResultWithFindings();
  std::vector<std::string> before = Ids(result);
  ASSERT_FALSE(result.vulnerabilities.empty());
  const vulndb::Vulnerability first = result.vulnerabilities.front();
  std::string alias = first.aliases.empty() ? first.id : first.aliases.front();
  auto rules = ParseIgnoreFile(
      "ignore:\n"
      "  - id: " +
          alias +
          "\n    reason: accepted\n"
          "  - path: /opt/legacy/*\n    reason: going away\n"
          "  - id: MOAT-CFG-001\n    reason: old\n    expires: 2026-01-01\n"
          "  - package: pkg:npm/nothing-like-this\n    reason: no match\n",
      ".moatignore");
  ASSERT_TRUE(rules.ok()) << rules.status();
  IgnoreOutcome outcome = ApplyIgnoreRules(*rules, "2026-11-28", result);
  EXPECT_GE(outcome.ignored, 2);
  EXPECT_THAT(outcome.warnings,
              ElementsAre(".moatignore:6: expired on 2026-01-01 and no longer applies (old)"));
  for (const auto& v : result.vulnerabilities) {
    EXPECT_NE(v.id, first.id);
  }
  for (const auto& f : result.findings) EXPECT_NE(f.evidence.path, "/opt/legacy/deploy.env");
  // The expired entry did not remove the config finding.
  EXPECT_THAT(Ids(result), ::testing::Contains("MOAT-CFG-001"));
  // An entry applies through its expiry day.
  ScanResult again = testing::SampleScanResultWithFindings();
  auto last_day = ParseIgnoreFile(
      "ignore:\n  - id: MOAT-CFG-001\n    reason: r\n    expires: 2026-11-28\n", "f");
  ASSERT_TRUE(last_day.ok());
  EXPECT_EQ(ApplyIgnoreRules(*last_day, "2026-11-28", again).ignored, 1);
  EXPECT_LT(Ids(again).size(), before.size());
}

TEST(IgnoreFileTest, PackageEntriesMatchNameOrPurlPrefixAndNarrowIds) {
  ScanResult result = testing::SampleScanResultWithVulnerabilities();
  const vulndb::Vulnerability v = result.vulnerabilities.front();
  auto other_package = ParseIgnoreFile(
      "ignore:\n  - id: " + v.id + "\n    package: not-" + v.package + "\n    reason: r\n", "f");
  ASSERT_TRUE(other_package.ok());
  EXPECT_EQ(ApplyIgnoreRules(*other_package, "2026-11-28", result).ignored, 0);
  std::string prefix = v.purl.substr(0, v.purl.find('@'));
  auto by_purl = ParseIgnoreFile("ignore:\n  - package: " + prefix + "\n    reason: r\n", "f");
  ASSERT_TRUE(by_purl.ok());
  EXPECT_GE(ApplyIgnoreRules(*by_purl, "2026-11-28", result).ignored, 1);
  for (const auto& left : result.vulnerabilities) EXPECT_NE(left.purl, v.purl);
}

}  // namespace
}  // namespace moat::report
