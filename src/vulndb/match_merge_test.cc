#include "vulndb/match_merge.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

Advisory Make(std::string id, std::vector<std::string> aliases, std::string source) {
  Advisory a;
  a.id = std::move(id);
  a.aliases = std::move(aliases);
  a.source = std::move(source);
  return a;
}

std::vector<MatchHit> Hits(const std::vector<Advisory>& advisories) {
  std::vector<MatchHit> hits;
  for (size_t i = 0; i < advisories.size(); ++i) hits.push_back({&advisories[i], nullptr, "", i});
  return hits;
}

TEST(MatchMergeTest, AliasesJoinAcrossFeedsAndTheCveIsPrimary) {
  std::vector<Advisory> advisories = {
      Make("GHSA-jfh8-c2jp-5v3q", {"CVE-2021-44228"}, "ghsa"),
      Make("CVE-2021-44228", {}, "osv"),
      Make("PYSEC-2021-1", {"GHSA-jfh8-c2jp-5v3q"}, "pypa"),
      Make("GHSA-7rjr-3q55-vv33", {"CVE-2021-45046"}, "ghsa"),
  };
  std::vector<HitGroup> groups = GroupHits(Hits(advisories));
  ASSERT_THAT(groups, SizeIs(2));
  EXPECT_EQ(groups[0].id, "CVE-2021-44228");
  EXPECT_THAT(groups[0].aliases, ElementsAre("GHSA-jfh8-c2jp-5v3q", "PYSEC-2021-1"));
  EXPECT_THAT(groups[0].hits, ElementsAre(0, 1, 2));
  EXPECT_EQ(groups[1].id, "CVE-2021-45046");
  EXPECT_THAT(groups[1].aliases, ElementsAre("GHSA-7rjr-3q55-vv33"));
}

TEST(MatchMergeTest, WithoutCveGhsaIsPrimary) {
  std::vector<Advisory> advisories = {Make("GO-2022-0001", {"GHSA-aaaa-bbbb-cccc"}, "go-vulndb")};
  std::vector<HitGroup> groups = GroupHits(Hits(advisories));
  ASSERT_THAT(groups, SizeIs(1));
  EXPECT_EQ(groups[0].id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_THAT(groups[0].aliases, ElementsAre("GO-2022-0001"));
}

TEST(MatchMergeTest, BundleAdvisoriesSplitPerCveAndDoNotJoinThem) {
  std::vector<Advisory> advisories = {
      Make("DSA-5000-1", {"CVE-2022-1", "CVE-2022-2"}, "debian"),
      Make("CVE-2022-1", {}, "debian-tracker"),
  };
  std::vector<MatchHit> hits = SplitBundles(Hits(advisories));
  ASSERT_THAT(hits, SizeIs(3));
  EXPECT_EQ(hits[0].cve, "CVE-2022-1");
  EXPECT_EQ(hits[1].cve, "CVE-2022-2");
  EXPECT_EQ(hits[1].origin, 0u);
  std::vector<HitGroup> groups = GroupHits(hits);
  ASSERT_THAT(groups, SizeIs(2));
  EXPECT_EQ(groups[0].id, "CVE-2022-1");
  EXPECT_THAT(groups[0].aliases, ElementsAre("DSA-5000-1"));
  EXPECT_THAT(groups[0].hits, ElementsAre(0, 2));
  EXPECT_EQ(groups[1].id, "CVE-2022-2");
  EXPECT_THAT(groups[1].aliases, ElementsAre("DSA-5000-1"));
}

}  // namespace
}  // namespace moat::vulndb
