#include "vulndb/version_composer.h"

#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

std::string Normal(absl::string_view v) {
  absl::StatusOr<std::string> n = NormalizeComposerVersion(v);
  return n.ok() ? *n : "invalid";
}

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = ComposerScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

// Composer's documented normalisations (VersionParser::normalize).
TEST(ComposerVersionTest, NormalizesLikeComposer) {
  const std::pair<const char*, const char*> cases[] = {
      {"1.0.0", "1.0.0.0"},
      {"1.2.3.4", "1.2.3.4"},
      {"1.0.0RC1dev", "1.0.0.0-RC1-dev"},
      {"1.0.0-rC15-dev", "1.0.0.0-RC15-dev"},
      {"1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"},
      {"1.0.0-rc1", "1.0.0.0-RC1"},
      {"1.0.0.pl3-dev", "1.0.0.0-patch3-dev"},
      {"1.0-dev", "1.0.0.0-dev"},
      {"0", "0.0.0.0"},
      {"10.4.13-beta", "10.4.13.0-beta"},
      {"10.4.13beta2", "10.4.13.0-beta2"},
      {"10.4.13beta.2", "10.4.13.0-beta2"},
      {"v1.13.11-beta.0", "1.13.11.0-beta0"},
      {"10.4.13-b", "10.4.13.0-beta"},
      {"10.4.13-b5", "10.4.13.0-beta5"},
      {"v1.0.0", "1.0.0.0"},
      {"1.0.0-stable", "1.0.0.0"},
      {"2010.01", "2010.01.0.0"},
      {"2010.01.02", "2010.01.02.0"},
      {"v20100102", "20100102"},
      {"2010-01-02", "2010.01.02"},
      {"2010-01-02.5", "2010.01.02.5"},
      {"20100102-203040", "20100102.203040"},
      {"20100102203040-10", "20100102203040.10"},
      {"20100102-203040-p1", "20100102.203040-patch1"},
      {"201903.0", "201903.0"},
      {"201903.0-p2", "201903.0-patch2"},
      {"dev-master", "dev-master"},
      {"master", "dev-master"},
      {"1.x-dev", "1.9999999.9999999.9999999-dev"},
      {"2.1.x-dev", "2.1.9999999.9999999-dev"},
      {"dev-feature-foo", "dev-feature-foo"},
      {"DEV-FOOBAR", "dev-FOOBAR"},
      {"dev-master as 1.0.0", "dev-master"},
      {"dev-load-varnish-only-when-used@dev as ^2.0@dev", "dev-load-varnish-only-when-used"},
      {"1.0.0+foo@dev", "1.0.0.0"},
      {"1.0.0-beta.5+foo", "1.0.0.0-beta5"},
      {"1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1"},
      {"1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3"},
      {"1.0.0+foo as 2.0", "1.0.0.0"},
      {"00.01.03.04", "00.01.03.04"},
      {"0700", "0700.0.0.0"},
      {"041.x-dev", "041.9999999.9999999.9999999-dev"},
      {" 1.0.0", "1.0.0.0"},
      {"1.0.0 ", "1.0.0.0"},
  };
  for (const auto& [input, want] : cases) EXPECT_EQ(Normal(input), want) << input;
}

TEST(ComposerVersionTest, RejectsWhatComposerRejects) {
  for (const char* v : {"", "a", "1.0.0-meh", "1.0.0.0.0", "feature-foo", "1.0.0+foo bar",
                        "1.0.1-SNAPSHOT", "1.0.0<1.0.5-dev", "foo bar-dev", "1.0 .2", " as ",
                        " as 1.2", "^", "~1", "1.*", "20100102.0.3.4", "2010.01.02.0.3.4"}) {
    EXPECT_EQ(Normal(v), "invalid") << v;
  }
  EXPECT_EQ(Normal("123456.0.0"), "123456.0.0");  // too long for a major, but a date version
  EXPECT_EQ(std::string(ComposerScheme().Validate("1.0.0-meh").message()),
            "invalid composer version \"1.0.0-meh\": Invalid version string");
}

TEST(ComposerVersionTest, OrdersLikeComposerConstraints) {
  const char* ascending[] = {"1.0.0-dev",    "1.0.0-alpha1", "1.0.0-alpha2", "1.0.0-beta1",
                             "1.0.0-beta10", "1.0.0-RC1",    "1.0.0",        "1.0.0-patch1",
                             "1.0.0.1",      "1.0.1",        "1.1",          "1.x-dev",
                             "2.0.0"};
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Cmp("v1.0", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0.0-b2", "1.0.0-beta2"), 0);
  EXPECT_EQ(Cmp("dev-main", "dev-main"), 0);
  absl::StatusOr<int> c = ComposerScheme().Compare("dev-main", "1.0.0");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "composer branches have no order: \"dev-main\" vs \"1.0.0.0\"");
}

// PHP's version_compare on raw strings, as the PHP manual describes it.
TEST(ComposerVersionTest, PhpVersionCompare) {
  EXPECT_EQ(PhpVersionCompare("5.2", "5.10"), -1);
  EXPECT_EQ(PhpVersionCompare("1.0rc1", "1.0"), -1);
  EXPECT_EQ(PhpVersionCompare("1.0", "1.0.0"), -1);  // a longer version is newer
  EXPECT_EQ(PhpVersionCompare("1.0pl1", "1.0"), 1);
  EXPECT_EQ(PhpVersionCompare("1.0-dev", "1.0alpha"), -1);
  EXPECT_EQ(PhpVersionCompare("1.0a", "1.0alpha"), 0);
  EXPECT_EQ(PhpVersionCompare("1.0foo", "1.0dev"), -1);  // unknown words rank lowest
  EXPECT_EQ(PhpVersionCompare("1-0_0+1", "1.0.0.1"), 0);
  EXPECT_EQ(PhpVersionCompare("", "1"), -1);
  EXPECT_EQ(PhpVersionCompare("", ""), 0);
}

}  // namespace
}  // namespace moat::vulndb
