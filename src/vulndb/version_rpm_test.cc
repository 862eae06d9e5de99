#include "vulndb/version_rpm.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = RpmScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

TEST(RpmVersionTest, VerCmpSegments) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  } cases[] = {
      {"1.0", "1.0", 0},
      {"1.0", "1.0.1", -1},
      {"1.10", "1.9", 1},
      {"1.0a", "1.0", 1},
      {"1.0a", "1.0.1", -1},
      {"1a", "1", 1},
      {"1.0", "1_0", 0},
      {"1.0~rc1", "1.0", -1},
      {"1.0~rc1", "1.0~rc2", -1},
      {"1.0^git1", "1.0", 1},
      {"1.0^git1", "1.0.1", -1},
      {"1.0^git1", "1.0~rc1", 1},
      {"001", "1", 0},
      {"abc", "abd", -1},
      {"a", "1", -1},
      {"1.0^", "1.0", 1},
      {"2.4.1^20200101", "2.4.1^20200102", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RpmVerCmp(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(RpmVerCmp(c.b, c.a), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(RpmVersionTest, ComparesEpochVersionRelease) {
  EXPECT_EQ(Cmp("1:1.0-1", "2.0-1"), 1);
  EXPECT_EQ(Cmp("0:1.0-1", "1.0-1"), 0);
  EXPECT_EQ(Cmp("1.0-1.el8", "1.0-2.el8"), -1);
  EXPECT_EQ(Cmp("1.0-1.el8_1", "1.0-1.el8"), 1);
  EXPECT_EQ(Cmp("2.28-151.el9", "2.28-151.el9_0.3"), -1);
  // A missing release matches any release, as in rpm's dependency checks.
  EXPECT_EQ(Cmp("1.0", "1.0-5"), 0);
  EXPECT_EQ(Cmp("1.0-5", "1.0"), 0);
  EXPECT_EQ(Cmp("1.1", "1.0-5"), 1);
  absl::StatusOr<RpmVersion> v = ParseRpmVersion("3:1.2-3-4.fc38");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->epoch, "3");
  EXPECT_EQ(v->version, "1.2-3");
  EXPECT_EQ(v->release, "4.fc38");
}

TEST(RpmVersionTest, RejectsInvalidVersions) {
  auto error = [](absl::string_view v) { return std::string(RpmScheme().Validate(v).message()); };
  EXPECT_EQ(error(""), "invalid rpm version \"\": version is empty");
  EXPECT_EQ(error(":1.0"), "invalid rpm version \":1.0\": epoch is empty");
  EXPECT_EQ(error("1.0-"), "invalid rpm version \"1.0-\": release is empty");
  EXPECT_EQ(error("1:-1"), "invalid rpm version \"1:-1\": version is empty");
  EXPECT_EQ(error("1.0 -1"),
            "invalid rpm version \"1.0 -1\": contains whitespace or a control character");
}

TEST(RpmVersionTest, SharedVectorsMatchRpmVercmp) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/rpm/rpmvercmp.tsv");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 3 || line[0] == '#') continue;
    ++rows;
    const int want = std::stoi(f[2]);
    absl::StatusOr<int> c = RpmScheme().Compare(f[0], f[1]);
    const bool ok = c.ok() && *c == want && RpmVerCmp(f[0], f[1]) == want;
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 91);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
