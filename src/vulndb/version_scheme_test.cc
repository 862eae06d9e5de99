#include "vulndb/version_scheme.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

TEST(VersionSchemeTest, LooksUpEveryEcosystemByPurlType) {
  for (const char* ecosystem : {"deb", "apk", "rpm", "npm", "pypi", "maven", "golang", "gem",
                                "nuget", "composer", "cargo", "semver"}) {
    const VersionScheme* scheme = VersionSchemeFor(ecosystem);
    ASSERT_NE(scheme, nullptr) << ecosystem;
    EXPECT_EQ(scheme->name(), ecosystem);
    EXPECT_EQ(VersionSchemeFor(ecosystem), scheme) << "one instance per scheme";
  }
  EXPECT_EQ(VersionSchemeFor("oci"), nullptr);
  EXPECT_EQ(VersionSchemeFor("NPM"), nullptr);
  EXPECT_EQ(VersionSchemeFor(""), nullptr);
}

TEST(VersionSchemeTest, SharedHelpers) {
  EXPECT_EQ(CompareDigitRuns("010", "9"), 1);
  EXPECT_EQ(CompareDigitRuns("000", ""), 0);
  EXPECT_EQ(CompareDigitRuns("123456789012345678901234567890", "123456789012345678901234567891"),
            -1);
  EXPECT_EQ(IncrementDigitRun("0099"), "100");
  EXPECT_EQ(IncrementDigitRun(""), "1");
  EXPECT_EQ(InvalidVersion("deb", std::string(120, 'x') + "\n", "why").message(),
            "invalid deb version \"" + std::string(100, 'x') + "...\": why");
}

TEST(VersionSchemeTest, CargoAndSemverFollowSemver2) {
  const VersionScheme& cargo = *VersionSchemeFor("cargo");
  const VersionScheme& semver = *VersionSchemeFor("semver");
  EXPECT_EQ(*cargo.Compare("1.0.0-alpha", "1.0.0-alpha.1"), -1);
  EXPECT_EQ(*cargo.Compare("1.0.0-alpha.beta", "1.0.0-beta"), -1);
  EXPECT_EQ(*cargo.Compare("1.0.0-beta.11", "1.0.0-beta.2"), 1);
  EXPECT_EQ(*cargo.Compare("1.0.0+build.1", "1.0.0+build.2"), 0);
  EXPECT_EQ(*cargo.Compare("0.10.0", "0.9.9"), 1);
  EXPECT_EQ(*semver.Compare("v1.2.3", "1.2.3"), 0);
  EXPECT_EQ(std::string(cargo.Validate("v1.2.3").message()),
            "invalid cargo version \"v1.2.3\": MAJOR.MINOR.PATCH must be numbers without "
            "leading zeros");
  EXPECT_EQ(std::string(cargo.Validate("1.2").message()),
            "invalid cargo version \"1.2\": want MAJOR.MINOR.PATCH");
  EXPECT_EQ(std::string(semver.Validate("1.2.3-01").message()),
            "invalid semver version \"1.2.3-01\": invalid pre-release");
  EXPECT_EQ(std::string(semver.Validate("1.2.3+").message()),
            "invalid semver version \"1.2.3+\": invalid build metadata");
}

// Every scheme's order is antisymmetric and reflexive on whatever sample it accepts.
TEST(VersionSchemeTest, CompareIsAntisymmetricOnSamples) {
  const std::vector<std::string> samples = {
      "0",           "1",         "1.0",       "1.0.0",    "v1.0.0",  "1.0.0-rc1",    "1.0.0-1",
      "1:1.0-1",     "1.0~rc1",   "1.0_alpha", "1.0-r1",   "1.0a1",   "1.0.0.1",      "1.0.post1",
      "1.0.dev0",    "1.0+local", "1.x-dev",   "dev-main", "2.0.0+b", "1.0.0-beta",   "1.0.0-BETA",
      "1.0.0.Final", "go1.21rc2", "1.0^git1",  "",         "junk",    "1.0.0-alpha.1"};
  for (const char* name : {"deb", "apk", "rpm", "npm", "pypi", "maven", "golang", "gem", "nuget",
                           "composer", "cargo", "semver"}) {
    const VersionScheme& scheme = *VersionSchemeFor(name);
    for (const std::string& a : samples) {
      for (const std::string& b : samples) {
        absl::StatusOr<int> ab = scheme.Compare(a, b), ba = scheme.Compare(b, a);
        ASSERT_EQ(ab.ok(), ba.ok()) << name << ": " << a << " vs " << b;
        if (!ab.ok()) continue;
        EXPECT_EQ(*ab, -*ba) << name << ": " << a << " vs " << b;
        if (a == b) {
          EXPECT_EQ(*ab, 0) << name << ": " << a;
        }
      }
    }
  }
}

}  // namespace
}  // namespace moat::vulndb
