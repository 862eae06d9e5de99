#include "common/severity.h"

#include <gtest/gtest.h>

namespace moat {
namespace {

TEST(SeverityTest, NamesRunFromWorstToUnknown) {
  EXPECT_EQ(kSeverityNames.size(), 6u);
  EXPECT_EQ(kSeverityNames.front(), "critical");
  EXPECT_EQ(kSeverityNames[kNegligibleRank], "negligible");
  EXPECT_EQ(kSeverityNames[kUnknownRank], "unknown");
  EXPECT_EQ(kSeverityNames.back(), "unknown");
}

TEST(SeverityTest, RankIsTheIndexInTheScale) {
  EXPECT_EQ(SeverityRank("critical"), 0);
  EXPECT_EQ(SeverityRank("high"), 1);
  EXPECT_EQ(SeverityRank("medium"), 2);
  EXPECT_EQ(SeverityRank("low"), 3);
  EXPECT_EQ(SeverityRank("negligible"), 4);
  EXPECT_EQ(SeverityRank("unknown"), 5);
}

TEST(SeverityTest, AnyOtherWordRanksAsUnknown) {
  EXPECT_EQ(SeverityRank(""), kUnknownRank);
  EXPECT_EQ(SeverityRank("none"), kUnknownRank);
  EXPECT_EQ(SeverityRank("High"), kUnknownRank);  // ranks take names, not words in any case
  EXPECT_EQ(SeverityRank(" high"), kUnknownRank);
}

TEST(SeverityTest, FindSeverityTellsNamesFromOtherWords) {
  EXPECT_EQ(FindSeverity("low"), 3);
  EXPECT_EQ(FindSeverity("unknown"), 5);
  EXPECT_EQ(FindSeverity("bogus"), -1);
  EXPECT_EQ(FindSeverity("CRITICAL"), -1);
  EXPECT_EQ(FindSeverity(""), -1);
}

TEST(SeverityTest, NameOfRankIsUnknownOutsideTheScale) {
  EXPECT_EQ(SeverityName(0), "critical");
  EXPECT_EQ(SeverityName(4), "negligible");
  EXPECT_EQ(SeverityName(5), "unknown");
  EXPECT_EQ(SeverityName(6), "unknown");
  EXPECT_EQ(SeverityName(-1), "unknown");
  EXPECT_EQ(SeverityName(99), "unknown");
}

TEST(SeverityTest, CanonicalSeverityFoldsCaseAndWhiteSpace) {
  EXPECT_EQ(CanonicalSeverity("HIGH"), "high");
  EXPECT_EQ(CanonicalSeverity(" Critical \n"), "critical");
  EXPECT_EQ(CanonicalSeverity("Negligible"), "negligible");
  EXPECT_EQ(CanonicalSeverity("uNknown"), "unknown");
}

TEST(SeverityTest, CanonicalSeverityOfAnyOtherWordIsUnknown) {
  EXPECT_EQ(CanonicalSeverity(""), "unknown");
  EXPECT_EQ(CanonicalSeverity("bad"), "unknown");
  EXPECT_EQ(CanonicalSeverity("important"), "unknown");  // vendor words are the feeds' to map
  EXPECT_EQ(CanonicalSeverity("hi gh"), "unknown");
}

TEST(SeverityTest, WorseSeveritiesRankLower) {
  for (size_t i = 1; i < kSeverityNames.size(); ++i) {
    EXPECT_LT(SeverityRank(kSeverityNames[i - 1]), SeverityRank(kSeverityNames[i]));
  }
}

}  // namespace
}  // namespace moat
