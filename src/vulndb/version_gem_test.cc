#include "vulndb/version_gem.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = GemScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

TEST(GemVersionTest, OrdersLikeGemVersion) {
  const char* ascending[] = {"1.0.a", "1.0.a.1", "1.0.b", "1.0.rc1", "1.0.rc2",
                             "1.0",   "1.0.1",   "1.1",   "1.10",    "2"};
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Cmp("1.0.0", "1"), 0);
  EXPECT_EQ(Cmp("1.0-beta", "1.0.pre.beta"), 0);
  EXPECT_EQ(Cmp("1.0.0-rc2", "1.0.rc1"), -1);  // "-rc2" reads ".pre.rc2": "pre" < "rc"
  EXPECT_EQ(Cmp("  1.2 ", "1.2"), 0);
  EXPECT_EQ(Cmp("", "0"), 0);
  EXPECT_EQ(Cmp("1.A", "1.a"), -1);  // byte order: upper case first
  EXPECT_EQ(Cmp("5.2.8.1", "5.2.8"), 1);
}

TEST(GemVersionTest, RejectsMalformedVersions) {
  auto error = [](absl::string_view v) { return std::string(GemScheme().Validate(v).message()); };
  EXPECT_EQ(error("junk"), "invalid gem version \"junk\": Malformed version number string");
  EXPECT_EQ(error("1.0+build"),
            "invalid gem version \"1.0+build\": Malformed version number string");
  EXPECT_EQ(error("1..0"), "invalid gem version \"1..0\": Malformed version number string");
  EXPECT_EQ(error("1.0-"), "invalid gem version \"1.0-\": Malformed version number string");
  EXPECT_TRUE(GemScheme().Validate("1.0.0-alpha-1.x").ok());
}

// test_gem_version.rb rows: "left op right source", op one of < = > and neql (== but not eql?).
TEST(GemVersionTest, SharedVectorsComparisons) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/rubygems/gem_version.tsv");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 4u) << line;
    ++rows;
    bool ok = false;
    if (f[1] == "neql") {
      ok = Cmp(f[0], f[2]) == 0 && !GemVersionsEql(f[0], f[2]);
    } else {
      const int want = f[1] == "<" ? -1 : (f[1] == ">" ? 1 : 0);
      ok = Cmp(f[0], f[2]) == want && Cmp(f[2], f[0]) == -want;
    }
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 17);
  EXPECT_EQ(passed, rows);
}

// bump, prerelease?, release and ArgumentError rows; approximate_recommendation rows are not run
// (a Gem::Requirement helper, not version ordering).
TEST(GemVersionTest, SharedVectorsMisc) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/rubygems/gem_version_misc.tsv");
  int rows = 0, passed = 0, skipped = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 4u) << line;
    bool ok = false;
    if (f[0] == "bump") {
      ok = GemBump(f[1]) == f[2];
    } else if (f[0] == "prerelease") {
      ok = GemIsPrerelease(f[1]) == (f[2] == "true");
    } else if (f[0] == "release") {
      ok = GemRelease(f[1]) == f[2];
    } else if (f[0] == "invalid") {
      ok = !GemScheme().Validate(f[1]).ok();
    } else {
      ++skipped;
      continue;
    }
    ++rows;
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 18);
  EXPECT_EQ(skipped, 6);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
