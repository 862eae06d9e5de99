#include "vulndb/version_apk.h"

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = ApkScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

TEST(ApkVersionTest, OrdersLikeApkTools) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  } cases[] = {
      {"1.0", "1.0", 0},
      {"1.0", "1.0.1", -1},
      {"1.10", "1.9", 1},
      {"1.0_alpha", "1.0", -1},
      {"1.0_alpha1", "1.0_alpha2", -1},
      {"1.0_beta", "1.0_alpha", 1},
      {"1.0_pre1", "1.0_rc1", -1},
      {"1.0_rc1", "1.0", -1},
      {"1.0", "1.0_p1", -1},
      {"1.0_cvs", "1.0_svn", -1},
      {"1.0_git20240101", "1.0_hg", -1},
      {"1.0_hg", "1.0_p", -1},
      {"1.0", "1.0-r1", -1},
      {"1.0-r1", "1.0-r10", -1},
      {"1.0-r1", "1.0.1", -1},
      {"1.0a", "1.0b", -1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0.1", -1},
      {"1.01", "1.1", -1},
      {"1.0~abc", "1.0~abd", -1},
      {"1.0~abc", "1.0", 1},
      {"1.0_p1", "1.0-r1", 1},
      {"3.2.0-r4", "3.2.0-r14", -1},
      {"1.0_alpha_pre", "1.0_alpha", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Cmp(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(Cmp(c.b, c.a), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(ApkVersionTest, FuzzyMatchesComponentPrefix) {
  EXPECT_EQ(CompareApkVersions("3.6.9", "3.6", true), 0);
  EXPECT_EQ(CompareApkVersions("3.6_pre1", "3.6", true), 0);
  EXPECT_EQ(CompareApkVersions("3.8", "3.8.1", true), -1);
  EXPECT_EQ(CompareApkVersions("3.6.9", "3.6", false), 1);
}

TEST(ApkVersionTest, RejectsInvalidVersionsWithReason) {
  auto error = [](absl::string_view v) { return std::string(ApkScheme().Validate(v).message()); };
  EXPECT_EQ(error(""), "invalid apk version \"\": does not start with a digit");
  EXPECT_EQ(error("a1"), "invalid apk version \"a1\": does not start with a digit");
  EXPECT_EQ(error("1.0bc"), "invalid apk version \"1.0bc\": unexpected character 'c' at offset 4");
  EXPECT_EQ(error("1.0_foo"), "invalid apk version \"1.0_foo\": bad suffix '_' at offset 3");
  EXPECT_EQ(error("1.0-r"),
            "invalid apk version \"1.0-r\": bad revision (want -r<digits>) '-' at offset 3");
  EXPECT_EQ(error("1.0~"), "invalid apk version \"1.0~\": bad commit hash '~' at offset 3");
  EXPECT_EQ(error("1..0"), "invalid apk version \"1..0\": bad component '.' at offset 1");
  EXPECT_TRUE(ApkScheme().Validate("1.2.3_alpha1_p2~deadbeef-r10").ok());
  EXPECT_FALSE(ApkScheme().Compare("1.0", "1.0_foo").ok());
}

// test/unit/version.data of apk-tools: "a op b" (op of < > = ~, '!' negates; '~' is a fuzzy
// match), "ver" (valid) and "!ver" (invalid).
TEST(ApkVersionTest, SharedVectorsMatchApkTools) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/apk/version.data");
  int rows = 0, passed = 0, validity_rows = 0;
  for (const std::string& raw : testing::ReadTextLines(path)) {
    std::vector<std::string> f =
        absl::StrSplit(raw.substr(0, raw.find('#')), absl::ByAnyChar(" \t"), absl::SkipEmpty());
    bool ok = false;
    if (f.size() == 3) {
      absl::string_view op = f[1];
      const bool negate = absl::ConsumePrefix(&op, "!");
      const bool fuzzy = op.find('~') != absl::string_view::npos;
      const int c = CompareApkVersions(f[0], f[2], fuzzy);
      const char want = c < 0 ? '<' : (c > 0 ? '>' : '=');
      bool match = op.find(want) != absl::string_view::npos || (fuzzy && c == 0);
      ok = match != negate;
      // Where both sides are valid, the scheme agrees with apk's own comparison.
      if (ApkScheme().Validate(f[0]).ok() && ApkScheme().Validate(f[2]).ok() && !fuzzy) {
        ok = ok && *ApkScheme().Compare(f[0], f[2]) == c;
      }
    } else if (f.size() == 1) {
      absl::string_view v = f[0];
      const bool want_valid = !absl::ConsumePrefix(&v, "!");
      ok = ValidateApkVersion(v).ok() == want_valid;
      ++validity_rows;
    } else {
      continue;
    }
    ++rows;
    EXPECT_TRUE(ok) << raw;
    passed += ok;
  }
  EXPECT_EQ(rows, 785);
  EXPECT_EQ(validity_rows, 31);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
