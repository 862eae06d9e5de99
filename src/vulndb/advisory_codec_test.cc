#include "vulndb/advisory_codec.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::HasSubstr;

Advisory FullAdvisory() {
  Advisory a;
  a.id = "GHSA-p6mc-m468-83gw";
  a.aliases = {"CVE-2020-8203"};
  a.summary = "Prototype Pollution in lodash";
  a.details = std::string(6000, 'x') + " details that compress well";
  a.references = {"https://nvd.nist.gov/vuln/detail/CVE-2020-8203", "https://github.com/x"};
  a.cvss = {{"3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 7.4, "ghsa"}};
  a.severity = "high";
  a.published = "2020-07-15T19:15:48Z";
  a.modified = "2023-01-09T05:02:13Z";
  a.source = "ghsa";
  a.withdrawn = true;
  return a;
}

TEST(AdvisoryCodecTest, AdvisoryRoundTripsWithCompression) {
  Advisory a = FullAdvisory();
  std::string bytes = EncodeAdvisory(a);
  EXPECT_LT(bytes.size(), a.details.size() / 4);  // compressed
  auto back = DecodeAdvisory(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->id, a.id);
  EXPECT_EQ(back->aliases, a.aliases);
  EXPECT_EQ(back->summary, a.summary);
  EXPECT_EQ(back->details, a.details);
  EXPECT_EQ(back->references, a.references);
  ASSERT_EQ(back->cvss.size(), 1u);
  EXPECT_EQ(back->cvss[0].vector, a.cvss[0].vector);
  EXPECT_DOUBLE_EQ(back->cvss[0].base_score, 7.4);
  EXPECT_EQ(back->cvss[0].source, "ghsa");
  EXPECT_EQ(back->severity, "high");
  EXPECT_EQ(back->published, a.published);
  EXPECT_EQ(back->modified, a.modified);
  EXPECT_EQ(back->source, "ghsa");
  EXPECT_TRUE(back->withdrawn);
  EXPECT_TRUE(back->affected.empty());
}

TEST(AdvisoryCodecTest, ForMatchingSkipsDetailsAndDates) {
  Advisory a = FullAdvisory();
  auto back = DecodeAdvisory(EncodeAdvisory(a), AdvisoryFields::kForMatching);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->id, a.id);
  EXPECT_EQ(back->summary, a.summary);
  EXPECT_EQ(back->references, a.references);
  EXPECT_EQ(back->severity, "high");
  EXPECT_EQ(back->source, "ghsa");
  EXPECT_TRUE(back->withdrawn);
  EXPECT_EQ(back->details, "");
  EXPECT_EQ(back->published, "");
  EXPECT_EQ(back->modified, "");
}

TEST(AdvisoryCodecTest, ForMatchingStillRefusesDamage) {
  std::string bytes = EncodeAdvisory(FullAdvisory(), /*compress=*/false);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    EXPECT_FALSE(DecodeAdvisory(bytes.substr(0, cut), AdvisoryFields::kForMatching).ok()) << cut;
  }
}

TEST(AdvisoryCodecTest, SmallAdvisoryStaysUncompressed) {
  Advisory a;
  a.id = "CVE-2024-1";
  a.source = "debian";
  std::string bytes = EncodeAdvisory(a);
  EXPECT_EQ(bytes[0], 1);
  auto back = DecodeAdvisory(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->id, "CVE-2024-1");
}

TEST(AdvisoryCodecTest, AffectedRoundTrips) {
  AffectedPackage p;
  p.ecosystem = "deb";
  p.distro = "debian:12";
  p.package = "openssl";
  p.ranges = {{VersionRange::Type::kEcosystem,
               {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, "3.0.11-1"}}},
              {VersionRange::Type::kSemver, {{RangeEvent::Kind::kLastAffected, "1.2.3"}}}};
  p.versions = {"3.0.9-1", "3.0.10-1"};
  p.state = FixState::kWillNotFix;
  p.vendor_severity = "low";
  AffectedPackage back;
  ASSERT_TRUE(DecodeAffected(EncodeAffected(p), &back).ok());
  EXPECT_EQ(back.package, "");  // the key columns are not in the body
  ASSERT_EQ(back.ranges.size(), 2u);
  EXPECT_EQ(back.ranges[0].events[1].kind, RangeEvent::Kind::kFixed);
  EXPECT_EQ(back.ranges[0].events[1].version, "3.0.11-1");
  EXPECT_EQ(back.ranges[1].type, VersionRange::Type::kSemver);
  EXPECT_EQ(back.ranges[1].events[0].kind, RangeEvent::Kind::kLastAffected);
  EXPECT_EQ(back.versions, p.versions);
  EXPECT_EQ(back.state, FixState::kWillNotFix);
  EXPECT_EQ(back.vendor_severity, "low");
}

TEST(AdvisoryCodecTest, EveryTruncationIsAnErrorNotACrash) {
  std::string advisory = EncodeAdvisory(FullAdvisory());
  for (size_t n = 0; n < advisory.size(); ++n) {
    EXPECT_FALSE(DecodeAdvisory(advisory.substr(0, n)).ok()) << n;
  }
  AffectedPackage p;
  p.versions = {"1", "2"};
  p.ranges = {{VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kFixed, "2"}}}};
  std::string affected = EncodeAffected(p);
  for (size_t n = 0; n < affected.size(); ++n) {
    AffectedPackage out;
    EXPECT_FALSE(DecodeAffected(affected.substr(0, n), &out).ok()) << n;
  }
}

TEST(AdvisoryCodecTest, HugeCountsAndBadEnumsAreRejected) {
  AffectedPackage out;
  // layout 1, state 9 (no such state)
  EXPECT_THAT(std::string(DecodeAffected(std::string("\x01\x09", 2), &out).message()),
              HasSubstr("bad fix state"));
  // layout 1, state 0, empty severity, versions count 2^35
  std::string huge("\x01\x00\x00\xff\xff\xff\xff\x7f", 8);
  EXPECT_FALSE(DecodeAffected(huge, &out).ok());
  EXPECT_THAT(std::string(DecodeAdvisory(std::string("\x07", 1)).status().message()),
              HasSubstr("unknown layout 7"));
  // zlib layout declaring 1 GiB
  EXPECT_FALSE(DecodeAdvisory(std::string("\x02\x80\x80\x80\x80\x04xx", 8)).ok());
}

}  // namespace
}  // namespace moat::vulndb
