#include "vulndb/version_nuget.h"

#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = NuGetScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

// From NuGet's package versioning documentation: SemVer 2.0 precedence, labels without case.
TEST(NuGetVersionTest, OrdersLikeNuGetVersioning) {
  const char* ascending[] = {"1.0.0-1",    "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta",
                             "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",
                             "1.0.0",      "1.0.0.1",      "1.0.1-pre",     "1.0.1",
                             "1.1",        "2.0.0.0",      "10.0.0"};
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
}

TEST(NuGetVersionTest, NormalisesLikeNuGet) {
  EXPECT_EQ(Cmp("1", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0", "1.0.0"), 0);
  EXPECT_EQ(Cmp("01.002.0003", "1.2.3"), 0);      // leading zeros in numbers are fine
  EXPECT_EQ(Cmp("1.0.0-BETA", "1.0.0-beta"), 0);  // labels compare without case
  EXPECT_EQ(Cmp("1.0.0-Beta.X", "1.0.0-beta.x"), 0);
  EXPECT_EQ(Cmp("1.0.0+build.1", "1.0.0+other"), 0);  // metadata is ignored
  EXPECT_EQ(Cmp("1.0.0-beta+abc", "1.0.0-beta"), 0);
  EXPECT_EQ(Cmp(" 1.2.3 ", "1.2.3"), 0);
  EXPECT_EQ(Cmp("1.0.0-beta10", "1.0.0-beta2"), -1);  // legacy labels compare as text
  EXPECT_EQ(Cmp("1.0.0-2", "1.0.0-10"), -1);          // numeric labels by value
  EXPECT_EQ(Cmp("1.0.0-99999999999", "1.0.0-2"), 1);  // above Int32: compared as text
  EXPECT_EQ(Cmp("1.0.0--1", "1.0.0-0"), -1);          // "-1" parses as Int32 -1
  EXPECT_EQ(Cmp("2147483647.0", "2147483646.9"), 1);
}

TEST(NuGetVersionTest, RejectsInvalidVersionsWithReason) {
  auto error = [](absl::string_view v) { return std::string(NuGetScheme().Validate(v).message()); };
  EXPECT_EQ(error(""), "invalid nuget version \"\": empty");
  const std::string numbers = "want 1 to 4 numbers below 2^31 (1.2.3.4)";
  EXPECT_EQ(error("1.0.0.0.0"), "invalid nuget version \"1.0.0.0.0\": " + numbers);
  EXPECT_EQ(error("1.a"), "invalid nuget version \"1.a\": " + numbers);
  EXPECT_EQ(error("1..0"), "invalid nuget version \"1..0\": " + numbers);
  EXPECT_EQ(error("1.2147483648"), "invalid nuget version \"1.2147483648\": " + numbers);
  EXPECT_EQ(error("-1.0"), "invalid nuget version \"-1.0\": " + numbers);
  EXPECT_EQ(error("1. 0"), "invalid nuget version \"1. 0\": " + numbers);
  EXPECT_EQ(error("1.0.0-"), "invalid nuget version \"1.0.0-\": bad release label");
  EXPECT_EQ(error("1.0.0-01"), "invalid nuget version \"1.0.0-01\": bad release label");
  EXPECT_EQ(error("1.0.0-beta..1"), "invalid nuget version \"1.0.0-beta..1\": bad release label");
  EXPECT_EQ(error("1.0.0-beta_1"), "invalid nuget version \"1.0.0-beta_1\": bad release label");
  EXPECT_EQ(error("1.0.0+"), "invalid nuget version \"1.0.0+\": bad metadata");
  EXPECT_EQ(error("1.0.0+a+b"), "invalid nuget version \"1.0.0+a+b\": bad metadata");
  EXPECT_TRUE(NuGetScheme().Validate("1.0.0+0001.ab-c").ok());  // metadata may have zeros
  EXPECT_TRUE(NuGetScheme().Validate("1.0.0-0.beta-1+sha.5114f85").ok());
}

TEST(NuGetVersionTest, ParsesFourParts) {
  absl::StatusOr<NuGetVersion> v = ParseNuGetVersion("1.2.3.4-rc.1+meta");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->parts[0], 1u);
  EXPECT_EQ(v->parts[3], 4u);
  EXPECT_EQ(v->release, "rc.1");
  EXPECT_EQ(v->metadata, "meta");
}

}  // namespace
}  // namespace moat::vulndb
