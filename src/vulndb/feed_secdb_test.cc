// Alpine (YAML, JSON, vuln-list per package), Wolfi and Chainguard secdb over
// tests/fixtures/feeds/secdb.
#include "vulndb/feed_secdb.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;
using testutil::FindAffected;

class SecdbTest : public ::testing::Test {
 protected:
  void SetUp() override { import_ = testutil::ImportFixture("secdb"); }
  // The part of `id` that the file for `distro` produced.
  const Advisory* Part(absl::string_view id, absl::string_view distro) {
    for (const Advisory& a : import_.sink.advisories) {
      if (a.id == id && !a.affected.empty() && a.affected[0].distro == distro) return &a;
    }
    return nullptr;
  }
  testutil::FixtureImport import_;
};

TEST_F(SecdbTest, AlpineYamlFixedAndNotAffected) {
  const Advisory* a = Part("CVE-2023-3446", "alpine:3.18");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "alpine");
  EXPECT_TRUE(a->modified.empty());
  const AffectedPackage* openssl = FindAffected(*a, "apk", "alpine:3.18", "openssl");
  ASSERT_NE(openssl, nullptr);
  EXPECT_EQ(openssl->state, FixState::kFixed);
  EXPECT_EQ(AllEvents(*openssl), "[introduced 0, fixed 3.1.2-r0]");
  const Advisory* zero = Part("CVE-2022-1292", "alpine:3.18");
  ASSERT_NE(zero, nullptr);
  EXPECT_EQ(zero->affected[0].state, FixState::kNotAffected);
  EXPECT_TRUE(zero->affected[0].ranges.empty());
}

TEST_F(SecdbTest, SecfixEntriesWithSeveralIdsAndNotes) {
  const Advisory* xsa = Part("CVE-2022-42331", "alpine:3.18");
  ASSERT_NE(xsa, nullptr);
  EXPECT_THAT(xsa->aliases, ElementsAre("XSA-429"));
  ASSERT_NE(Part("XSA-430", "alpine:3.18"), nullptr);            // "CVE-????-????? XSA-430"
  const Advisory* note = Part("CVE-2022-42332", "alpine:3.18");  // "(+ regression fix)"
  ASSERT_NE(note, nullptr);
  EXPECT_EQ(AllEvents(note->affected[0]), "[introduced 0, fixed 4.17.0-r5]");
  const Advisory* rsync = Part("CVE-2017-17434", "alpine:3.18");  // -1, -2 and the plain id
  ASSERT_NE(rsync, nullptr);
  EXPECT_EQ(AllEvents(rsync->affected[0]),
            "[introduced 0, fixed 3.1.2-r7] [introduced 0, fixed 3.2.4-r0]");
}

TEST_F(SecdbTest, CommunityRepositoryAndVulnListFile) {
  ASSERT_NE(Part("CVE-2023-2650", "alpine:3.18"), nullptr);
  const Advisory* ansible = Part("CVE-2024-22195", "alpine:3.12");
  ASSERT_NE(ansible, nullptr);
  EXPECT_THAT(ansible->aliases, ElementsAre("GHSA-h5c8-rqwp-cp95"));
  EXPECT_EQ(AllEvents(ansible->affected[0]), "[introduced 0, fixed 2.9.3-r0]");
  ASSERT_NE(Part("GHSA-f7r5-w49x-gxm3", "alpine:3.12"), nullptr);
}

TEST_F(SecdbTest, WolfiAndChainguardDistros) {
  const Advisory* busybox = Part("CVE-2022-28391", "wolfi");
  ASSERT_NE(busybox, nullptr);
  EXPECT_EQ(busybox->source, "wolfi");
  EXPECT_EQ(AllEvents(*FindAffected(*busybox, "apk", "wolfi", "busybox")),
            "[introduced 0, fixed 1.35.0-r3]");
  const Advisory* coreutils = Part("CVE-2016-2781", "wolfi");
  ASSERT_NE(coreutils, nullptr);
  EXPECT_EQ(coreutils->affected[0].state, FixState::kNotAffected);
  const Advisory* grafana = Part("CVE-2021-36156", "chainguard");
  ASSERT_NE(grafana, nullptr);
  EXPECT_EQ(grafana->source, "chainguard");
  EXPECT_EQ(AllEvents(grafana->affected[0]), "[introduced 0, fixed 7.5.19-r0]");
}

TEST_F(SecdbTest, MalformedAndSkippedFiles) {
  EXPECT_THAT(import_.sink.MalformedLines(),
              ElementsAre("noversion.json: secdb names no Alpine release",
                          "main.yaml: broken: secfixes is not a map"));
  const ImportStats* other = testutil::StatsFor(import_.stats, "secdb");  // MinimOS
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->skipped, 1);
  EXPECT_EQ(testutil::StatsFor(import_.stats, "alpine")->records, 13);
  EXPECT_EQ(testutil::StatsFor(import_.stats, "wolfi")->records, 5);
  EXPECT_EQ(testutil::StatsFor(import_.stats, "chainguard")->records, 3);
}

}  // namespace
}  // namespace moat::vulndb
