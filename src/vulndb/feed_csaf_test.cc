// Red Hat CSAF advisories and VEX documents over tests/fixtures/feeds/csaf.
#include "vulndb/feed_csaf.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_csaf_products.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;
using testutil::FindAffected;

TEST(CsafProductsTest, RhelDistroFromCpe) {
  EXPECT_EQ(RhelDistroFromCpe("cpe:/o:redhat:enterprise_linux:9::baseos"), "rhel:9");
  EXPECT_EQ(RhelDistroFromCpe("cpe:/a:redhat:enterprise_linux:8::appstream"), "rhel:8");
  EXPECT_EQ(RhelDistroFromCpe("cpe:/o:redhat:enterprise_linux:7"), "rhel:7");
  EXPECT_EQ(RhelDistroFromCpe("cpe:/o:redhat:rhel_els:6"), "rhel:6");
  EXPECT_EQ(RhelDistroFromCpe("cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*"), "rhel:9");
  EXPECT_EQ(RhelDistroFromCpe("cpe:/a:redhat:rhel_eus:9.2::appstream"), "");
  EXPECT_EQ(RhelDistroFromCpe("cpe:/a:redhat:openshift:4.12::el8"), "");
}

TEST(CsafProductsTest, RpmPurls) {
  auto p = ParseRpmPurl(
      "pkg:rpm/redhat/ruby@2.5.9-111.module%2Bel8.9.0%2B19193%2B435404ae?arch=src&epoch=1&"
      "rpmmod=ruby:2.5:8090020230627084142:b46abd14");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->name, "ruby");
  EXPECT_EQ(p->evr, "1:2.5.9-111.module+el8.9.0+19193+435404ae");
  EXPECT_EQ(p->arch, "src");
  EXPECT_EQ(p->module, "ruby:2.5");
  auto bare = ParseRpmPurl("pkg:rpm/redhat/pam?arch=src");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->evr, "");
  EXPECT_FALSE(ParseRpmPurl("pkg:oci/redhat/ose@sha256:abc").has_value());
}

TEST(CsafTest, SecurityAdvisorySourceRpmsAndEusDropped) {
  testutil::FixtureImport import = testutil::ImportFixture("csaf/rhsa-2024_0010.json");
  const Advisory* a = import.sink.Find("CVE-2023-6377");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "redhat");
  EXPECT_THAT(a->aliases, ElementsAre("RHSA-2024:0010"));
  EXPECT_EQ(a->summary, "xorg-x11-server: out-of-bounds memory reads/writes in XKB button actions");
  EXPECT_EQ(a->details, "An out-of-bounds memory write flaw was found in the X.Org server.");
  EXPECT_EQ(a->severity, "high");
  EXPECT_EQ(a->published, "2023-12-13T00:00:00+00:00");
  ASSERT_EQ(a->cvss.size(), 1u);
  EXPECT_EQ(a->cvss[0].vector, "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(a->cvss[0].base_score, 7.8);
  EXPECT_EQ(a->cvss[0].source, "redhat");
  // Only the source rpm on mainline RHEL 9; tigervnc-server adds nothing, EUS 9.2 is dropped.
  ASSERT_EQ(a->affected.size(), 1u);
  const AffectedPackage* tigervnc = FindAffected(*a, "rpm", "rhel:9", "tigervnc");
  ASSERT_NE(tigervnc, nullptr);
  EXPECT_EQ(tigervnc->state, FixState::kFixed);
  EXPECT_EQ(AllEvents(*tigervnc), "[introduced 0, fixed 1.13.1-3.el9_3.3]");
  EXPECT_EQ(tigervnc->vendor_severity, "high");
  EXPECT_THAT(
      import.sink.MalformedLines(),
      ElementsAre("rhsa-2024_0010.json: CVE-2023-6478: product_status.fixed is not a list"));
  EXPECT_EQ(testutil::StatsFor(import.stats, "redhat")->skipped, 1);  // no CVE id
}

TEST(CsafTest, VexStatesRemediationsAndBinaryToSource) {
  testutil::FixtureImport import = testutil::ImportFixture("csaf/cve-2024-10041.json");
  const Advisory* a = import.sink.Find("CVE-2024-10041");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->aliases.empty());
  ASSERT_EQ(a->affected.size(), 4u);  // the OpenShift image is not an rpm on RHEL
  const AffectedPackage* rhel9 = FindAffected(*a, "rpm", "rhel:9", "pam");
  ASSERT_NE(rhel9, nullptr);
  EXPECT_EQ(AllEvents(*rhel9), "[introduced 0, fixed 1.5.1-21.el9_5]");  // pam-devel → pam
  const AffectedPackage* els = FindAffected(*a, "rpm", "rhel:6", "pam");
  ASSERT_NE(els, nullptr);
  EXPECT_EQ(AllEvents(*els), "[introduced 0, fixed 1:1.1.1-28.el6_10]");
  EXPECT_EQ(els->vendor_severity, "low");
  const AffectedPackage* rhel8 = FindAffected(*a, "rpm", "rhel:8", "pam");
  ASSERT_NE(rhel8, nullptr);
  EXPECT_EQ(rhel8->state, FixState::kUnfixed);
  EXPECT_EQ(AllEvents(*rhel8), "[introduced 0]");
  const AffectedPackage* rhel7 = FindAffected(*a, "rpm", "rhel:7", "pam");
  ASSERT_NE(rhel7, nullptr);
  EXPECT_EQ(rhel7->state, FixState::kEndOfLife);  // "Out of support scope"
  EXPECT_TRUE(import.sink.malformed.empty());
}

}  // namespace
}  // namespace moat::vulndb
