#include "vulndb/cvss.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::HasSubstr;

struct Case {
  const char* vector;
  double score;
};

void ExpectScores(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    auto result = ScoreCvss(c.vector);
    ASSERT_TRUE(result.ok()) << c.vector << ": " << result.status();
    EXPECT_DOUBLE_EQ(result->base_score, c.score) << c.vector;
  }
}

TEST(CvssTest, V31BaseScoresMatchNvd) {
  ExpectScores({
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},  // CVE-2021-44228
      {"CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L", 4.6},
      {"CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:C/C:L/I:L/A:L", 5.5},
      {"CVSS:3.1/AV:A/AC:H/PR:N/UI:R/S:C/C:H/I:L/A:L", 7.0},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
      {"CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", 5.9},
      {"CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8},
      {"CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8},
      {"CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.6},
  });
}

TEST(CvssTest, V30UsesPlainRoundUp) {
  ExpectScores({
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1},
  });
}

TEST(CvssTest, V3TemporalAndEnvironmentalMetricsDoNotChangeTheBaseScore) {
  ExpectScores({{"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:L/MAV:P", 9.8},
                {"CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U", 9.8}});  // any order
}

// The examples FIRST publishes with the v4.0 specification (first.org/cvss/v4.0/examples).
TEST(CvssTest, V40ScoresMatchFirstExamples) {
  ExpectScores({
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3},
      {"CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 5.2},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/"
       "MAC:H/MVC:H/MVI:L/MVA:L",
       8.1},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 4.6},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 6.9},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N", 5.9},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 9.4},
      {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D", 8.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/E:A", 8.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A", 10},
      {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H", 6.4},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I", 9.3},
      {"CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I", 8.7},
      {"CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 8.6},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 7.1},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 8.2},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L", 8.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U", 6.6},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", 8.3},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:U", 5.6},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5},
      {"CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A", 9.2},
      {"CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 5.4},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 6.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:P/AU:Y/V:C/RE:L", 9.4},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:L/IR:H/AR:L/MAV:L/"
       "MAC:H/MAT:N/MPR:N/MUI:N/MVC:N/MVI:H/MVA:L/MSC:N/MSI:S/MSA:L",
       7.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MAV:A/MAC:H/MAT:N/MPR:L/"
       "MUI:N/MVC:L/MVI:H/MVA:H/MSC:L/MSI:S/MSA:S/CR:L/IR:H/AR:H/E:P",
       7.4},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MAV:N/MAC:H/MAT:N/MPR:L/"
       "MUI:N/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:H/CR:M/IR:H/AR:M/E:P",
       8.7},
      {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/S:P", 8.6},
      {"CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P", 9.7},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/V:C", 8.7},
  });
}

TEST(CvssTest, V40EdgeCases) {
  ExpectScores({
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:H/SI:H/SA:H", 7.9},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:U", 9.1},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MVI:L/MSA:S", 9.8},
      {"CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 1.0},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L", 5.2},
      {"CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:P/VC:N/VI:H/VA:H/SC:N/SI:L/SA:L/E:P/CR:H/IR:M/AR:H/MAV:A/"
       "MAT:P/MPR:N/MVI:H/MVA:N/MSI:H/MSA:N/S:N/V:C/U:Amber",
       4.7},
      {"CVSS:4.0/AV:N/AC:H/AT:N/PR:H/UI:N/VC:N/VI:N/VA:H/SC:H/SI:H/SA:H/CR:L/IR:L/AR:L", 5.8},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 5.3},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X", 5.3},
  });
}

TEST(CvssTest, V2BaseScoresMatchNvd) {
  ExpectScores({
      {"AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5},
      {"AV:N/AC:L/Au:N/C:C/I:C/A:C", 10.0},
      {"AV:N/AC:M/Au:N/C:N/I:P/A:N", 4.3},
      {"AV:L/AC:L/Au:N/C:P/I:N/A:N", 2.1},
      {"AV:N/AC:L/Au:N/C:N/I:N/A:P", 5.0},
      {"(AV:N/AC:M/Au:N/C:P/I:P/A:P)", 6.8},
      {"CVSS:2.0/AV:N/AC:L/Au:S/C:P/I:P/A:P", 6.5},
      {"AV:N/AC:L/Au:N/C:N/I:N/A:N", 0.0},
  });
}

TEST(CvssTest, VersionAndSeverity) {
  auto v4 = ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->version, CvssVersion::kV40);
  EXPECT_EQ(v4->severity, "critical");
  auto v2 = ScoreCvss("AV:N/AC:L/Au:N/C:C/I:C/A:C");
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(CvssVersionName(v2->version), "2.0");
  EXPECT_EQ(v2->severity, "high");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 0.0), "none");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 0.1), "low");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 3.9), "low");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 4.0), "medium");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 6.9), "medium");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 7.0), "high");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 8.9), "high");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV31, 9.0), "critical");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV2, 3.9), "low");
  EXPECT_EQ(CvssSeverity(CvssVersion::kV2, 10.0), "high");
}

void ExpectError(const char* vector, const char* message) {
  auto result = ScoreCvss(vector);
  ASSERT_FALSE(result.ok()) << vector;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), message);
}

TEST(CvssTest, MalformedVectorsAreErrorsWithTheReason) {
  ExpectError("CVSS:3.1/AV:N", "invalid CVSS vector \"CVSS:3.1/AV:N\": missing base metric AC");
  ExpectError("CVSS:3.1/AV:J/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L",
              "invalid CVSS vector \"CVSS:3.1/AV:J/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L\": metric AV has "
              "invalid value \"J\" (valid: N, A, L, P)");
  ExpectError("CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/XX:X",
              "invalid CVSS vector \"CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/XX:X\": unknown "
              "metric \"XX\"");
  ExpectError(
      "CVSS:3.1/AV:N/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L",
      "invalid CVSS vector \"CVSS:3.1/AV:N/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L\": duplicate "
      "metric AV");
  ExpectError("CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/",
              "invalid CVSS vector \"CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L/\": metric \"\" "
              "is not NAME:VALUE");
  ExpectError("CVSS:5.0/AV:N",
              "invalid CVSS vector \"CVSS:5.0/AV:N\": unknown version (expected "
              "CVSS:3.0/, CVSS:3.1/, CVSS:4.0/ or a v2 vector)");
  ExpectError("",
              "invalid CVSS vector \"\": unknown version (expected CVSS:3.0/, CVSS:3.1/, "
              "CVSS:4.0/ or a v2 vector)");
  ExpectError("(AV:N/AC:L/Au:N/C:P/I:P/A:P",
              "invalid CVSS vector \"(AV:N/AC:L/Au:N/C:P/I:P/A:P\": unbalanced parenthesis");
}

TEST(CvssTest, MalformedV4Vectors) {
  EXPECT_THAT(ScoreCvss("CVSS:4.0/AV:F/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N")
                  .status()
                  .message(),
              HasSubstr("metric AV has invalid value \"F\""));
  EXPECT_THAT(ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/ui:N/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N")
                  .status()
                  .message(),
              HasSubstr("unknown metric \"ui\""));
  EXPECT_THAT(
      ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/SC:N/SI:N/SA:N").status().message(),
      HasSubstr("missing base metric VA"));
  // Safety exists only as a modified value.
  EXPECT_THAT(ScoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:N/SI:S/SA:N")
                  .status()
                  .message(),
              HasSubstr("metric SI has invalid value \"S\""));
}

TEST(CvssTest, HostileTextIsEscapedAndShortened) {
  std::string vector = "CVSS:3.1/AV:N/" + std::string(2000, 'A');
  EXPECT_THAT(ScoreCvss(vector).status().message(), HasSubstr("too long"));
  auto result = ScoreCvss(std::string("CVSS:3.1/AV:\x01\xff", 14));
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("\\x01\\xff"));
}

}  // namespace
}  // namespace moat::vulndb
