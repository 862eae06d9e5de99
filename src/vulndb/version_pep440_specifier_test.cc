#include "vulndb/version_pep440_specifier.h"

#include "absl/strings/str_split.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

bool In(absl::string_view version, absl::string_view specifiers) {
  absl::StatusOr<bool> r = Pep440Satisfies(version, specifiers);
  EXPECT_TRUE(r.ok()) << version << " in " << specifiers << ": " << r.status();
  return r.ok() && *r;
}

TEST(Pep440SpecifierTest, MatchesLikePackaging) {
  EXPECT_TRUE(In("2.31.0", ">=2.0,<3"));
  EXPECT_FALSE(In("3.0", ">=2.0,<3"));
  EXPECT_FALSE(In("3.0rc1", "<3"));  // <V leaves out V's pre-releases
  EXPECT_TRUE(In("3.0rc1", "<3.0rc2"));
  EXPECT_FALSE(In("2.0.post1", ">2"));  // >V leaves out V's post-releases
  EXPECT_TRUE(In("2.0.1", ">2"));
  EXPECT_TRUE(In("1.4.7", "~=1.4.5"));
  EXPECT_FALSE(In("1.5.0", "~=1.4.5"));
  EXPECT_TRUE(In("1.5.0", "~=1.4"));
  EXPECT_TRUE(In("1.4.0rc1", "==1.4.*"));
  EXPECT_FALSE(In("1.4.0", "!=1.4.*"));
  EXPECT_TRUE(In("1.0+local.7", "==1.0"));  // no local in the specifier: locals ignored
  EXPECT_FALSE(In("1.0+local.7", "==1.0+other"));
  EXPECT_TRUE(In("1.0+local.7", "<=1.0"));
  EXPECT_TRUE(In("2.0a1", ">=1.0"));  // pre-releases match when the set allows them
  EXPECT_TRUE(In("anything", "===ANYTHING"));
  EXPECT_TRUE(In("1.0", ""));
  EXPECT_TRUE(In("1.0", " >= 0.9 , , < 2 "));
}

TEST(Pep440SpecifierTest, InvalidSpecifierOrVersionIsAnError) {
  auto error = [](absl::string_view v, absl::string_view s) {
    absl::StatusOr<bool> r = Pep440Satisfies(v, s);
    return r.ok() ? std::string("ok") : std::string(r.status().message());
  };
  EXPECT_EQ(error("1.0", "=>1.0"), "invalid PEP 440 specifier \"=>1.0\": no operator");
  EXPECT_EQ(error("1.0", ">=1.0.*"),
            "invalid PEP 440 specifier \">=1.0.*\": a wildcard needs == or !=");
  EXPECT_EQ(error("1.0", "==1.0a1.*"),
            "invalid PEP 440 specifier \"==1.0a1.*\": a wildcard follows a plain release only");
  EXPECT_EQ(error("1.0", ">=1.0+local"),
            "invalid PEP 440 specifier \">=1.0+local\": a local version needs == or !=");
  EXPECT_EQ(error("1.0", "~=1"),
            "invalid PEP 440 specifier \"~=1\": ~= needs at least two release numbers");
  EXPECT_EQ(error("1.0", "==1.0 .1"), "invalid PEP 440 specifier \"==1.0 .1\": invalid version");
  EXPECT_EQ(error("nope", ">=1.0"), "invalid pypi version \"nope\": does not start with a number");
  EXPECT_EQ(error("nope", ">=1.0,===nope"), "ok");
}

void RunLines(const std::string& file, int want_rows, bool want_valid) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/" + file);
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    ++rows;
    const bool ok = ParsePep440Specifiers(line).ok() == want_valid;
    EXPECT_TRUE(ok) << "\"" << line << "\"";
    passed += ok;
  }
  EXPECT_EQ(rows, want_rows);
  EXPECT_EQ(passed, rows);
}

TEST(Pep440SpecifierTest, SharedVectorsValidSpecifiers) {
  RunLines("specifiers_valid.txt", 9, true);
}
TEST(Pep440SpecifierTest, SharedVectorsInvalidSpecifiers) {
  RunLines("specifiers_invalid.txt", 31, false);
}

// packaging's contains() is false for an invalid version; ours is an error.
bool Contains(absl::string_view version, absl::string_view specifiers) {
  absl::StatusOr<bool> r = Pep440Satisfies(version, specifiers);
  return r.ok() && *r;
}

TEST(Pep440SpecifierTest, SharedVectorsContains) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/specifier_contains.tsv");
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    ASSERT_EQ(f.size(), 4u) << line;
    ++rows;
    const bool ok = Contains(f[0], f[1]) == (f[2] == "true");
    EXPECT_TRUE(ok) << line;
    passed += ok;
  }
  EXPECT_EQ(rows, 302);
  EXPECT_EQ(passed, rows);
}

// More (version, specifier set, expected) rows from the parametrize dump of test_specifiers.py.
TEST(Pep440SpecifierTest, SharedVectorsParametrizeContains) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/packaging_tests_parametrize.json");
  absl::StatusOr<Json> dump = ParseJson(testing::ReadTextFile(path), path);
  ASSERT_TRUE(dump.ok());
  struct Source {
    const char* test;
    int version, spec, expected;  // argument positions
  } sources[] = {
      {"TestSpecifier.test_invalid_version", 1, 0, 2},
      {"TestSpecifier.test_arbitrary_equality_normalization", 1, 0, 2},
      {"TestSpecifierSet.test_contains_arbitrary_equality_contains", 0, 1, 2},
      {"TestSpecifierSet.test_contains_arbitrary_equality_normalization", 1, 0, 2},
      {"test_boundary_closure_short_release", 1, 0, 2},
  };
  int rows = 0, passed = 0;
  for (const Json& test : (*dump)["test_specifiers"]["parametrize"]) {
    for (const Source& s : sources) {
      if (JsonString(test, "test") != s.test) continue;
      for (const Json& row : test["values"]) {
        ++rows;
        const bool ok = Contains(row[s.version].get<std::string>(),
                                 row[s.spec].get<std::string>()) == row[s.expected].get<bool>();
        EXPECT_TRUE(ok) << s.test << " " << DumpJson(row);
        passed += ok;
      }
    }
  }
  EXPECT_EQ(rows, 11 + 35 + 19 + 17 + 3);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
