#include "vulndb/version_dpkg.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = DpkgScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

std::string Error(absl::string_view v) { return std::string(DpkgScheme().Validate(v).message()); }

TEST(DpkgVersionTest, OrdersLikeDebianPolicy) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  } cases[] = {
      {"1.0", "1.0", 0},
      {"1.0", "1.1", -1},
      {"1.10", "1.9", 1},
      {"1.0~rc1", "1.0", -1},
      {"1.0~rc1", "1.0~", 1},
      {"1.0~~", "1.0~", -1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0+", -1},
      {"1.0.1", "1.0a", 1},
      {"1:0.1", "2.0", 1},
      {"0:1.0", "1.0", 0},
      {"1.0-1", "1.0-2", -1},
      {"1.0-1", "1.0", 1},
      {"1.0-0", "1.0", 0},
      {"1.0-1ubuntu1", "1.0-1", 1},
      {"1.0-1+deb12u1", "1.0-1", 1},
      {"1.0-1~bpo11+1", "1.0-1", -1},
      {"2.30-1", "2.4-1", 1},
      {"1.001", "1.1", 0},
      {"7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1},
      {"1.2.3-1-2", "1.2.3-1-1", 1},  // upstream "1.2.3-1", revision "2" vs "1"
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Cmp(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(Cmp(c.b, c.a), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(DpkgVersionTest, SplitsEpochUpstreamAndRevision) {
  absl::StatusOr<DpkgVersion> v = ParseDpkgVersion(" 2:1.2-3-4 ");
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->epoch, 2);
  EXPECT_EQ(v->upstream, "1.2-3");
  EXPECT_EQ(v->revision, "4");
  v = ParseDpkgVersion("1.0");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->epoch, 0);
  EXPECT_EQ(v->revision, "");
}

TEST(DpkgVersionTest, RejectsInvalidVersionsWithDpkgReasons) {
  EXPECT_EQ(Error(""), "invalid deb version \"\": version string is empty");
  EXPECT_EQ(Error("1.0 1"), "invalid deb version \"1.0 1\": version string has embedded spaces");
  EXPECT_EQ(Error("a:1.0"), "invalid deb version \"a:1.0\": epoch in version is empty");
  EXPECT_EQ(Error("1a:1.0"), "invalid deb version \"1a:1.0\": epoch in version is not number");
  EXPECT_EQ(Error("-1:1.0"), "invalid deb version \"-1:1.0\": epoch in version is negative");
  EXPECT_EQ(Error("3000000000:1"),
            "invalid deb version \"3000000000:1\": epoch in version is too big");
  EXPECT_EQ(Error("1:"), "invalid deb version \"1:\": nothing after colon in version number");
  EXPECT_EQ(Error("1.0-"), "invalid deb version \"1.0-\": revision number is empty");
  EXPECT_EQ(Error("-1"), "invalid deb version \"-1\": version number is empty");
  EXPECT_EQ(Error("a1.0"),
            "invalid deb version \"a1.0\": version number does not start with digit");
  EXPECT_EQ(Error("1.0_1"), "invalid deb version \"1.0_1\": invalid character in version number");
  EXPECT_EQ(Error("1:1.0-1:2"),
            "invalid deb version \"1:1.0-1:2\": invalid character in revision number");
  EXPECT_FALSE(DpkgScheme().Compare("1.0", "x").ok());
}

TEST(DpkgVersionTest, SharedVectorsCompareLikeDpkg) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/dpkg/Dpkg_Version.t.DATA.txt");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    std::vector<std::string> f = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (f.size() != 3) continue;
    ++rows;
    absl::StatusOr<int> c = DpkgScheme().Compare(f[0], f[1]);
    bool ok = c.ok() && *c == std::stoi(f[2]);
    EXPECT_TRUE(ok) << line << " got " << (c.ok() ? std::to_string(*c) : c.status().ToString());
    passed += ok;
  }
  EXPECT_EQ(rows, 43);
  EXPECT_EQ(passed, rows);
}

TEST(DpkgVersionTest, SharedVectorsParseLikeParseversion) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/dpkg/t-version.parse.tsv");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    ++rows;
    const bool want_valid = line.substr(0, tab) == "valid";
    const bool ok = DpkgScheme().Validate(line.substr(tab + 1)).ok() == want_valid;
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 31);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
