// The Ubuntu CVE tracker (vuln-list JSON) over tests/fixtures/feeds/ubuntu.
#include "vulndb/feed_ubuntu_cve.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;
using testutil::FindAffected;

TEST(UbuntuCveTest, ReleasesEsmStreamsAndStatuses) {
  testutil::FixtureImport import = testutil::ImportFixture("ubuntu");
  const Advisory* a = import.sink.Find("CVE-2021-3782");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->source, "ubuntu");
  EXPECT_EQ(a->severity, "medium");
  EXPECT_EQ(a->published, "2022-08-30T20:51:00Z");
  EXPECT_THAT(a->references,
              ElementsAre("https://gitlab.freedesktop.org/wayland/wayland/-/issues/224"));
  ASSERT_EQ(a->affected.size(), 9u);  // upstream, devel, snap and DNE are dropped
  EXPECT_EQ(AllEvents(*FindAffected(*a, "deb", "ubuntu:22.04", "wayland")),
            "[introduced 0, fixed 1.20.0-1ubuntu0.1]");
  // The ESM fix outranks "ignored: end of standard support" for xenial.
  const AffectedPackage* xenial = FindAffected(*a, "deb", "ubuntu:16.04", "wayland");
  ASSERT_NE(xenial, nullptr);
  EXPECT_EQ(AllEvents(*xenial), "[introduced 0, fixed 1.12.0-1~ubuntu16.04.3+esm1]");
  EXPECT_EQ(FindAffected(*a, "deb", "ubuntu:14.04", "wayland")->state, FixState::kEndOfLife);
  EXPECT_EQ(FindAffected(*a, "deb", "ubuntu:24.04", "wayland")->state, FixState::kNotAffected);
  EXPECT_EQ(FindAffected(*a, "deb", "ubuntu:18.04", "wayland-protocols")->state,
            FixState::kWillNotFix);
  EXPECT_EQ(FindAffected(*a, "deb", "ubuntu:20.04", "wayland-protocols")->state,
            FixState::kUnfixed);  // deferred
  EXPECT_EQ(FindAffected(*a, "deb", "ubuntu:22.04", "wayland-protocols")->vendor_severity,
            "medium");
  EXPECT_THAT(import.sink.MalformedLines(),
              ElementsAre("CVE-2099-0001.json: CVE-2099-0001: Patches is not an object"));
}

}  // namespace
}  // namespace moat::vulndb
