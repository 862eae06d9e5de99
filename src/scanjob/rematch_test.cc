#include "scanjob/rematch.h"

#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scanjob/risk.h"

namespace moat::scanjob {
namespace {

TEST(SpliceVulnerabilitiesTest, ReplacesOnlyTheVulnerabilityFieldsKeepingKeyOrder) {
  std::string stored = R"({"schemaVersion": 1, "image": {"digest": "d"}, "scanners": ["secret"],
    "database": null, "summary": {"packages": {"npm": 1}, "vulnerabilities": {"critical": 0}},
    "vulnerabilities": [], "findings": [{"category": "secret", "severity": "high"}]})";
  std::string fresh = R"({"database": {"path": "/db"}, "summary": {"packages": {},
    "vulnerabilities": {"critical": 1}}, "vulnerabilities": [{"id": "CVE-1",
    "severity": "critical", "fixedVersions": ["2"]}], "findings": []})";
  auto spliced = SpliceVulnerabilities(stored, fresh);
  ASSERT_TRUE(spliced.ok()) << spliced.status();
  EXPECT_LT(spliced->find("\"schemaVersion\""), spliced->find("\"image\""));
  Json report = *ParseJson(*spliced, "r");
  EXPECT_EQ(report["database"]["path"], "/db");
  EXPECT_EQ(report["summary"]["vulnerabilities"]["critical"], 1);
  EXPECT_EQ(report["summary"]["packages"]["npm"], 1);
  EXPECT_EQ(report["findings"].size(), 1u);
  EXPECT_EQ(report["scanners"], Json::array({"vuln", "secret"}));
  std::vector<store::RiskCount> risk = RiskFromReport(report);
  EXPECT_THAT(risk, ::testing::ElementsAre(store::RiskCount{"secret", "high", 1, 0},
                                           store::RiskCount{"vulnerability", "critical", 1, 1}));
}

TEST(SpliceVulnerabilitiesTest, AReportThatIsNotJsonIsAnError) {
  EXPECT_FALSE(SpliceVulnerabilities("not json", "{}").ok());
  EXPECT_FALSE(SpliceVulnerabilities("[]", "{}").ok());
}

}  // namespace
}  // namespace moat::scanjob
