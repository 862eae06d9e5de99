// The npm security-wg importer over tests/fixtures/feeds/npm-wg.
#include "vulndb/feed_npm_wg.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;

class NpmWgTest : public ::testing::Test {
 protected:
  void SetUp() override { import_ = testutil::ImportFixture("npm-wg"); }
  testutil::FixtureImport import_;
};

TEST_F(NpmWgTest, RecordFieldsAndConvertedRange) {
  const Advisory* a = import_.sink.Find("NSWG-ECO-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "npm-wg");
  EXPECT_THAT(a->aliases, ElementsAre("CVE-2014-7205"));
  EXPECT_EQ(a->summary, "Arbitrary JavaScript Execution");
  EXPECT_EQ(a->published, "2014-09-27T00:00:00Z");
  EXPECT_EQ(a->modified, "2016-04-28T00:00:00Z");
  ASSERT_EQ(a->cvss.size(), 1u);
  EXPECT_EQ(a->cvss[0].version, "3.0");
  EXPECT_EQ(a->cvss[0].base_score, 6.5);
  EXPECT_EQ(a->cvss[0].source, "npm-wg");
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].ecosystem, "npm");
  EXPECT_EQ(a->affected[0].package, "bassmaster");
  EXPECT_EQ(AllEvents(a->affected[0]), "[introduced 0, last_affected 1.5.1]");
  EXPECT_EQ(a->affected[0].state, FixState::kFixed);
}

TEST_F(NpmWgTest, UnionOfRangesAndExactVersion) {
  const Advisory* a = import_.sink.Find("NSWG-ECO-48");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AllEvents(a->affected[0]),
            "[introduced 0, fixed 0.9.5] [introduced 1.0.0, fixed 1.0.1]");
  EXPECT_THAT(a->affected[0].versions, ElementsAre("1.2.0"));
}

TEST_F(NpmWgTest, InexactRangeKeptForNpmSatisfies) {
  const Advisory* a = import_.sink.Find("NSWG-ECO-63");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->affected[0].ranges.empty());
  EXPECT_THAT(a->affected[0].versions, ElementsAre("npm-range:<1.6.5 || < 2.1.7 > 2.0.0"));
  EXPECT_TRUE(a->cvss.empty());
}

TEST_F(NpmWgTest, NoPatchIsUnfixed) {
  const Advisory* a = import_.sink.Find("NSWG-ECO-334");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->affected[0].state, FixState::kUnfixed);
  EXPECT_EQ(AllEvents(a->affected[0]), "[introduced 0, last_affected 99.999.99999]");
}

TEST_F(NpmWgTest, MalformedRecordsIndexAndCoreFilesIgnored) {
  EXPECT_THAT(import_.sink.MalformedLines(),
              ElementsAre("900.json: npm advisory has no numeric id",
                          "901.json: NSWG-ECO-901: cves is not an array",
                          "902.json: NSWG-ECO-902: invalid vulnerable_versions"));
  EXPECT_EQ(import_.sink.advisories.size(), 4u);  // index.json and core-18.json are not records
  const ImportStats* stats = testutil::StatsFor(import_.stats, "npm-wg");
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->files, 7);
  EXPECT_EQ(stats->records, 4);
  EXPECT_EQ(stats->malformed, 3);
}

}  // namespace
}  // namespace moat::vulndb
