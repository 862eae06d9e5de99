// Debian tracker JSON and DSA/DLA lists over tests/fixtures/feeds/debian.
#include "vulndb/feed_debian.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_debian_list.h"
#include "vulndb/feed_debian_release.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;
using testutil::FindAffected;

TEST(DebianReleaseTest, CodenamesToDistroKeys) {
  EXPECT_EQ(DebianDistro("bookworm"), "debian:12");
  EXPECT_EQ(DebianDistro("bullseye"), "debian:11");
  EXPECT_EQ(DebianDistro("buster"), "debian:10");
  EXPECT_EQ(DebianDistro("stretch"), "debian:9");
  EXPECT_EQ(DebianDistro("trixie"), "debian:13");
  EXPECT_EQ(DebianDistro("woody"), "debian:3.0");
  EXPECT_EQ(DebianDistro("sid"), "debian:unstable");
  EXPECT_EQ(DebianDistro("hamm"), "");
}

class DebianTrackerTest : public ::testing::Test {
 protected:
  void SetUp() override { import_ = testutil::ImportFixture("debian/debian.json"); }
  const Advisory* Part(absl::string_view id, absl::string_view package) {
    for (const Advisory& a : import_.sink.advisories) {
      if (a.id == id && a.affected[0].package == package) return &a;
    }
    return nullptr;
  }
  testutil::FixtureImport import_;
};

TEST_F(DebianTrackerTest, ResolvedOpenAndEndOfLifePerRelease) {
  const Advisory* a = Part("CVE-2023-0286", "openssl");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "debian");
  EXPECT_EQ(a->details,
            "There is a type confusion vulnerability relating to X.400 address processing "
            "inside an X.509 GeneralName.");
  ASSERT_EQ(a->affected.size(), 4u);  // "hamm" is not a known release
  const AffectedPackage* bookworm = FindAffected(*a, "deb", "debian:12", "openssl");
  ASSERT_NE(bookworm, nullptr);
  EXPECT_EQ(bookworm->state, FixState::kFixed);
  EXPECT_EQ(AllEvents(*bookworm), "[introduced 0, fixed 3.0.8-1]");
  EXPECT_EQ(bookworm->vendor_severity, "unknown");
  EXPECT_EQ(AllEvents(*FindAffected(*a, "deb", "debian:11", "openssl")),
            "[introduced 0, fixed 1.1.1n-0+deb11u4]");
  const AffectedPackage* buster = FindAffected(*a, "deb", "debian:10", "openssl");
  ASSERT_NE(buster, nullptr);
  EXPECT_EQ(buster->state, FixState::kEndOfLife);
  EXPECT_EQ(AllEvents(*buster), "[introduced 0]");
  EXPECT_EQ(buster->vendor_severity, "");
  EXPECT_NE(FindAffected(*a, "deb", "debian:unstable", "openssl"), nullptr);
}

TEST_F(DebianTrackerTest, NoDsaIgnoredUndeterminedAndNotAffected) {
  const Advisory* a = Part("CVE-2010-0928", "openssl");
  ASSERT_NE(a, nullptr);
  const AffectedPackage* bookworm = FindAffected(*a, "deb", "debian:12", "openssl");
  ASSERT_NE(bookworm, nullptr);
  EXPECT_EQ(bookworm->state, FixState::kWillNotFix);
  EXPECT_EQ(bookworm->vendor_severity, "negligible");  // "unimportant"
  const AffectedPackage* trixie = FindAffected(*a, "deb", "debian:13", "openssl");
  ASSERT_NE(trixie, nullptr);
  EXPECT_EQ(trixie->state, FixState::kUnfixed);
  EXPECT_EQ(trixie->vendor_severity, "negligible");  // "unimportant**"
  const Advisory* zero = Part("CVE-2023-0286", "openssl1.0");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->affected[0].state, FixState::kNotAffected);
  EXPECT_TRUE(zero->affected[0].ranges.empty());
  EXPECT_EQ(zero->affected[0].vendor_severity, "high");
}

TEST_F(DebianTrackerTest, MalformedEntriesNamedAndSkipped) {
  EXPECT_THAT(import_.sink.MalformedLines(),
              ElementsAre("debian.json: TEMP-0000000-1A2B3C openssl1.0: bookworm: resolved "
                          "without a valid fixed_version",
                          "debian.json: CVE-2020-1967 openssl1.0: bullseye: unknown status "
                          "\"fixed-somehow\""));
  EXPECT_EQ(import_.sink.advisories.size(), 4u);  // CVE-2022-0358 has no releases
}

TEST(DebianTrackerTextTest, TruncatedFileKeepsEntriesBefore) {
  testutil::CollectingSink sink;
  std::string text =
      R"({"zlib": {"CVE-2022-37434": {"releases": {"bookworm": {"status": "resolved", )"
      R"("fixed_version": "1:1.2.13.dfsg-1", "urgency": "not yet assigned"}}}, "CVE-2023-)";
  auto stats = ImportFeedText("debian.json", text, &sink);
  ASSERT_EQ(sink.advisories.size(), 1u);
  EXPECT_EQ(sink.advisories[0].id, "CVE-2022-37434");
  EXPECT_THAT(sink.MalformedLines(),
              ElementsAre("debian.json: invalid JSON at byte 158: parse error at line 1, column "
                          "158: syntax error while parsing object key - invalid string: missing "
                          "closing quote; last read: '\"CVE-2023-'; expected string literal"));
}

TEST(DebianListTest, AdvisoriesWithCvesAndReleaseStates) {
  testutil::FixtureImport import = testutil::ImportFixture("debian/DSA-list");
  const Advisory* dsa = import.sink.Find("DSA-5380-1");
  ASSERT_NE(dsa, nullptr);
  EXPECT_EQ(dsa->source, "debian");
  EXPECT_EQ(dsa->summary, "xorg-server - security update");
  EXPECT_EQ(dsa->published, "2023-03-29T00:00:00Z");
  EXPECT_THAT(dsa->aliases, ElementsAre("CVE-2023-1393"));
  EXPECT_EQ(AllEvents(*FindAffected(*dsa, "deb", "debian:11", "xorg-server")),
            "[introduced 0, fixed 2:1.20.11-1+deb11u6]");
  const Advisory* old = import.sink.Find("DSA-140");
  ASSERT_NE(old, nullptr);
  EXPECT_THAT(old->aliases, ElementsAre("CVE-2002-0660", "CVE-2002-0728"));
  EXPECT_NE(FindAffected(*old, "deb", "debian:3.0", "libpng3"), nullptr);
  const Advisory* states = import.sink.Find("DSA-930-1");
  ASSERT_NE(states, nullptr);
  ASSERT_EQ(states->affected.size(), 3u);  // <removed> is dropped
  EXPECT_EQ(FindAffected(*states, "deb", "debian:3.1", "smstools")->vendor_severity, "medium");
  EXPECT_EQ(FindAffected(*states, "deb", "debian:3.0", "smstools")->state, FixState::kNotAffected);
  EXPECT_EQ(FindAffected(*states, "deb", "debian:4", "smstools")->state, FixState::kEndOfLife);
  EXPECT_THAT(import.sink.MalformedLines(),
              ElementsAre("DSA-list: DSA-1990-1: line 20: invalid release line"));
  const ImportStats* stats = testutil::StatsFor(import.stats, "debian");
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->records, 5);
  EXPECT_EQ(stats->skipped, 1);  // the key change notice
}

TEST(DebianListTest, DlaUnfixedRelease) {
  testutil::FixtureImport import = testutil::ImportFixture("debian/DLA-list");
  const Advisory* dla = import.sink.Find("DLA-3379-1");
  ASSERT_NE(dla, nullptr);
  EXPECT_EQ(FindAffected(*dla, "deb", "debian:9", "ghostscript")->state, FixState::kUnfixed);
  EXPECT_EQ(AllEvents(*FindAffected(*dla, "deb", "debian:10", "ghostscript")),
            "[introduced 0, fixed 9.27~dfsg-2+deb10u7]");
}

TEST(DebianListTest, RecognisesListsByTheirFirstLine) {
  EXPECT_TRUE(LooksLikeDebianList("[29 Mar 2023] DSA-5380-1 xorg-server - security update\n"));
  EXPECT_TRUE(LooksLikeDebianList("[31 Mar 2023] DLA-3380-1 firefox-esr - security update\n"));
  EXPECT_FALSE(LooksLikeDebianList("Apache License\n"));
  EXPECT_FALSE(LooksLikeDebianList("[29 Mar 2023] RHSA-1 x\n"));
}

}  // namespace
}  // namespace moat::vulndb
