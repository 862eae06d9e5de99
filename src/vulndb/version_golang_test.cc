#include "vulndb/version_golang.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = GoScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

TEST(GoVersionTest, OrdersModuleVersions) {
  const char* ascending[] = {
      "v0.0.0-20190101000000-abcdefabcdef",  // pseudo-version
      "v0.0.0-20200101000000-abcdefabcdef",       "v0.1.0", "v1.0.0-rc.1",         "v1.0.0",
      "v1.2.3-pre.0.20210101000000-abcdefabcdef", "v1.2.3", "v2.0.0+incompatible", "v2.1.0",
  };
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Cmp("v2.0.0+incompatible", "v2.0.0"), 0);
  EXPECT_EQ(Cmp("v1.2", "v1.2.0"), 0);
}

TEST(GoVersionTest, AcceptsToolchainTagsAndVersionsWithoutV) {
  std::string storage;
  EXPECT_EQ(NormalizeGoVersion("go1.21rc2", &storage), "v1.21.0-rc.2");
  EXPECT_EQ(NormalizeGoVersion("go1.19beta1", &storage), "v1.19.0-beta.1");
  EXPECT_EQ(NormalizeGoVersion("go1.19.8", &storage), "v1.19.8");
  EXPECT_EQ(NormalizeGoVersion("go1.20", &storage), "v1.20.0");
  EXPECT_EQ(NormalizeGoVersion("go1", &storage), "v1.0.0");
  EXPECT_EQ(NormalizeGoVersion("1.19.9", &storage), "v1.19.9");
  EXPECT_EQ(NormalizeGoVersion("golang", &storage), "golang");
  EXPECT_EQ(Cmp("go1.19.8", "1.19.9"), -1);  // stdlib as the Go vulndb writes it
  EXPECT_EQ(Cmp("go1.21rc2", "v1.21.0"), -1);
  EXPECT_EQ(Cmp("go1.21.0", "1.21.0-0"), 1);  // "introduced: 1.21.0-0"
}

TEST(GoVersionTest, RejectsInvalidVersions) {
  auto error = [](absl::string_view v) { return std::string(GoScheme().Validate(v).message()); };
  EXPECT_EQ(error("latest"), "invalid golang version \"latest\": not a Go module version (vX.Y.Z)");
  EXPECT_EQ(error("v1.2-pre"),
            "invalid golang version \"v1.2-pre\": not a Go module version (vX.Y.Z)");
  EXPECT_EQ(std::string(ParseGoSemver("v01.0.0").status().message()),
            "invalid golang version \"v01.0.0\": bad major version");
  EXPECT_EQ(std::string(ParseGoSemver("v1.0.0-01").status().message()),
            "invalid golang version \"v1.0.0-01\": bad pre-release");
}

// semver_test.go's table: "input canonical" ('' = invalid), valid rows in ascending order.
TEST(GoVersionTest, SharedVectorsXModSemver) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/golang-semver/semver_tests.tsv");
  struct Row {
    std::string in, canonical;
  };
  std::vector<Row> table;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 2u) << line;
    table.push_back({f[0], f[1]});
  }
  ASSERT_EQ(table.size(), 32u);
  int checks = 0, passed = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    absl::StatusOr<GoVersion> v = ParseGoSemver(table[i].in);
    bool ok = v.ok() == !table[i].canonical.empty() &&
              GoScheme().Validate(table[i].in).ok() == v.ok() &&
              (!v.ok() || GoCanonical(*v) == table[i].canonical);
    ++checks;
    EXPECT_TRUE(ok) << table[i].in;
    passed += ok;
    for (size_t j = 0; v.ok() && j < table.size(); ++j) {
      absl::StatusOr<GoVersion> w = ParseGoSemver(table[j].in);
      if (!w.ok()) continue;
      const int want = table[i].canonical == table[j].canonical ? 0 : (i < j ? -1 : 1);
      ok = CompareGoVersions(*v, *w) == want && Cmp(table[i].in, table[j].in) == want;
      ++checks;
      EXPECT_TRUE(ok) << table[i].in << " vs " << table[j].in;
      passed += ok;
    }
  }
  EXPECT_EQ(passed, checks);
}

}  // namespace
}  // namespace moat::vulndb
