#include "vulndb/version_maven.h"

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = MavenScheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

TEST(MavenVersionTest, OrdersQualifiers) {
  const char* ascending[] = {"1-alpha1",   "1-alpha2", "1-beta1", "1-milestone1", "1-rc1",
                             "1-SNAPSHOT", "1",        "1-sp1",   "1-abc",        "1-xyz",
                             "1-1",        "1.0.1",    "1.1"};
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
}

TEST(MavenVersionTest, TreatsSpellingsAlike) {
  EXPECT_EQ(Cmp("1.0", "1"), 0);
  EXPECT_EQ(Cmp("1.0.0", "1-0"), 0);
  EXPECT_EQ(Cmp("1a1", "1-alpha-1"), 0);
  EXPECT_EQ(Cmp("1.0-CR1", "1.0-rc1"), 0);
  EXPECT_EQ(Cmp("1.0.GA", "1.0.final"), 0);
  EXPECT_EQ(Cmp("2.12.0.Final", "2.12.0"), 0);
  EXPECT_EQ(Cmp("1.0.RELEASE", "1.0"), 0);
  EXPECT_EQ(Cmp("1.0-RC1", "1.0.RC1"), 0);
  EXPECT_EQ(Cmp("5.3.10.RELEASE", "5.3.9.RELEASE"), 1);
  EXPECT_EQ(Cmp("2.17.1", "2.17.0-rc1"), 1);
  EXPECT_EQ(Cmp("9999999999999999999999.1", "9999999999999999999999"), 1);
  // Maven 3.9 (MNG-7714): a final build with a qualifier sorts before a service pack.
  EXPECT_EQ(Cmp("1.0.final-redhat", "1.0-sp1-redhat"), -1);
  EXPECT_EQ(MavenCanonical("1.0-RC1"), "1-rc1");
  EXPECT_EQ(MavenCanonical("1.0.0.Final-redhat-00001"), "1.final-redhat1");
}

TEST(MavenVersionTest, RejectsWhatIsNoVersion) {
  auto error = [](absl::string_view v) { return std::string(MavenScheme().Validate(v).message()); };
  EXPECT_EQ(error(""), "invalid maven version \"\": empty");
  EXPECT_EQ(error("1.0 beta"),
            "invalid maven version \"1.0 beta\": contains whitespace or a control character");
  EXPECT_EQ(error(std::string(600, '1')).substr(0, 22), "invalid maven version ");
  EXPECT_TRUE(MavenScheme().Validate("1.0-any_thing+else").ok());
}

// ComparableVersionTest.java rows: "left op right source" with op '<' or '='. Every row is Maven
// 3.9 behaviour, including the three testMng7714 rows that Maven 3.8 gets wrong.
TEST(MavenVersionTest, SharedVectorsComparableVersion) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/maven/comparableversion.tsv");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_GE(f.size(), 3u) << line;
    ++rows;
    const int want = f[1] == "<" ? -1 : 0;
    const bool ok = Cmp(f[0], f[2]) == want && Cmp(f[2], f[0]) == -want;
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 664);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
