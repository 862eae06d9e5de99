// OpenVEX input: both document shapes, exact errors, and which statements suppress what.
#include "report/openvex.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

std::string Doc(const std::string& statements) {
  return R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
             "author": "Moat tests", "timestamp": "2026-11-28T00:00:00Z", "version": 1,
             "statements": [)" +
         statements + "]}";
}

TEST(OpenVexTest, ParsesBothShapes) {
  auto v2 = ParseOpenVex(Doc(R"({"vulnerability": {"name": "CVE-1", "aliases": ["GHSA-x"]},
      "products": [{"@id": "pkg:oci/app", "subcomponents": [{"@id": "pkg:npm/a@1.0.0"}]}],
      "status": "not_affected", "justification": "vulnerable_code_not_present"})"),
                         "v.json");
  ASSERT_TRUE(v2.ok()) << v2.status();
  ASSERT_EQ(v2->statements.size(), 1u);
  EXPECT_THAT(v2->statements[0].vulnerabilities, ::testing::ElementsAre("CVE-1", "GHSA-x"));
  EXPECT_THAT(v2->statements[0].products, ::testing::ElementsAre("pkg:oci/app", "pkg:npm/a@1.0.0"));
  auto v1 = ParseOpenVex(Doc(R"({"vulnerability": "CVE-2", "products": ["pkg:npm/b"],
      "status": "fixed"})"),
                         "v.json");
  ASSERT_TRUE(v1.ok()) << v1.status();
  EXPECT_THAT(v1->statements[0].products, ::testing::ElementsAre("pkg:npm/b"));
}

TEST(OpenVexTest, ErrorsNameFileAndStatement) {
  EXPECT_EQ(ParseOpenVex(R"({"a": 1})", "v.json").status().message(),
            "v.json: not an OpenVEX document (no \"statements\" list)");
  EXPECT_EQ(ParseOpenVex(Doc(R"({"status": "fixed"})"), "v.json").status().message(),
            "v.json: statements[0]: no vulnerability name");
  EXPECT_EQ(ParseOpenVex(Doc(R"({"vulnerability": "CVE-1", "status": "maybe"})"), "v.json")
                .status()
                .message(),
            "v.json: statements[0]: unknown status \"maybe\" (valid: not_affected, affected, "
            "fixed, under_investigation)");
  EXPECT_FALSE(ParseOpenVex("{", "v.json").ok());
}

TEST(OpenVexTest, NotAffectedAndFixedSuppressMatchingPackagesOnly) {
  ScanResult result = testing::SampleScanResultWithVulnerabilities();
  const vulndb::Vulnerability v = result.vulnerabilities.front();
  const size_t before = result.vulnerabilities.size();
  auto affected = ParseOpenVex(
      Doc(R"({"vulnerability": ")" + v.id + R"(", "status": "under_investigation"})"), "v");
  ASSERT_TRUE(affected.ok());
  EXPECT_EQ(ApplyVex(*affected, result), 0);
  auto other =
      ParseOpenVex(Doc(R"({"vulnerability": ")" + v.id +
                       R"(", "products": ["pkg:npm/other@1.0.0"], "status": "not_affected"})"),
                   "v");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(ApplyVex(*other, result), 0);
  std::string versionless = v.purl.substr(0, v.purl.find('@'));
  auto mine = ParseOpenVex(Doc(R"({"vulnerability": ")" + v.id + R"(", "products": [")" +
                               versionless + R"("], "status": "not_affected"})"),
                           "v");
  ASSERT_TRUE(mine.ok());
  EXPECT_GE(ApplyVex(*mine, result), 1);
  EXPECT_LT(result.vulnerabilities.size(), before);
  for (const auto& left : result.vulnerabilities) {
    EXPECT_FALSE(left.id == v.id && left.purl == v.purl);
  }
}

}  // namespace
}  // namespace moat::report
