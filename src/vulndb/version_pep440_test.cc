#include "vulndb/version_pep440.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b) {
  absl::StatusOr<int> c = Pep440Scheme().Compare(a, b);
  EXPECT_TRUE(c.ok()) << a << " vs " << b << ": " << c.status();
  return c.ok() ? *c : 99;
}

std::string Normal(absl::string_view v) {
  absl::StatusOr<Pep440Version> p = ParsePep440(v);
  return p.ok() ? NormalizePep440(*p) : "invalid";
}

TEST(Pep440VersionTest, OrdersDevPreFinalPostLocal) {
  const char* ascending[] = {"1.0.dev0",  "1.0a1.dev1", "1.0a1",   "1.0a1.post1", "1.0b1",
                             "1.0rc1",    "1.0",        "1.0+abc", "1.0+5",       "1.0.post1.dev1",
                             "1.0.post1", "1.1",        "1!0.1"};
  const size_t n = sizeof(ascending) / sizeof(ascending[0]);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      EXPECT_EQ(Cmp(ascending[i], ascending[j]), i < j ? -1 : (i > j ? 1 : 0))
          << ascending[i] << " vs " << ascending[j];
    }
  }
  EXPECT_EQ(Cmp("1.0", "1.0.0.0"), 0);
  EXPECT_EQ(Cmp("1.0-1", "1.0.post1"), 0);
  EXPECT_EQ(Cmp("1.0+ubuntu.1", "1.0+ubuntu.01"), 0);
  EXPECT_EQ(Cmp(std::string(40, '9'), std::string(39, '9')), 1);  // numbers of any size
}

TEST(Pep440VersionTest, NormalizesAlternativeSpellings) {
  EXPECT_EQ(Normal(" v1.0-ALPHA.1 "), "1.0a1");
  EXPECT_EQ(Normal("1.0c2"), "1.0rc2");
  EXPECT_EQ(Normal("1.0-preview3"), "1.0rc3");
  EXPECT_EQ(Normal("1.0-rev4"), "1.0.post4");
  EXPECT_EQ(Normal("1.0-5"), "1.0.post5");
  EXPECT_EQ(Normal("1.0_dev"), "1.0.dev0");
  EXPECT_EQ(Normal("0!01.002+Ubuntu-01_X"), "1.2+ubuntu.1.x");
  EXPECT_EQ(Normal("2!1.0"), "2!1.0");
}

TEST(Pep440VersionTest, RejectsInvalidVersionsWithReason) {
  auto error = [](absl::string_view v) {
    return std::string(Pep440Scheme().Validate(v).message());
  };
  EXPECT_EQ(error(""), "invalid pypi version \"\": empty");
  EXPECT_EQ(error("foo"), "invalid pypi version \"foo\": does not start with a number");
  EXPECT_EQ(error("1!"), "invalid pypi version \"1!\": no release after the epoch");
  EXPECT_EQ(error("1.0+"), "invalid pypi version \"1.0+\": unexpected text at offset 3");
  EXPECT_EQ(error("1.0 a1"), "invalid pypi version \"1.0 a1\": unexpected text at offset 3");
  EXPECT_NE(error(std::string(5000, '1')).find("a number has more than 4300 digits"),
            std::string::npos);
}

TEST(Pep440VersionTest, SharedVectorsSortedVersions) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/versions_sorted.txt");
  std::vector<std::string> versions;
  for (const std::string& line : testing::ReadTextLines(path)) {
    if (!line.empty() && line[0] != '#') versions.push_back(line);
  }
  ASSERT_EQ(versions.size(), 92u);
  int pairs = 0, passed = 0;
  for (size_t i = 0; i < versions.size(); ++i) {
    for (size_t j = 0; j < versions.size(); ++j) {
      ++pairs;
      const bool ok = Cmp(versions[i], versions[j]) == (i < j ? -1 : (i > j ? 1 : 0));
      EXPECT_TRUE(ok) << versions[i] << " vs " << versions[j];
      passed += ok;
    }
  }
  EXPECT_EQ(passed, pairs);
}

void RunValidity(const std::string& file, int want_rows, bool want_valid) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/" + file);
  int rows = 0, passed = 0;
  for (const std::string& line : testing::ReadTextLines(path)) {
    ++rows;
    const bool ok = Pep440Scheme().Validate(line).ok() == want_valid;
    EXPECT_TRUE(ok) << "\"" << line << "\"";
    passed += ok;
  }
  EXPECT_EQ(rows, want_rows);
  EXPECT_EQ(passed, rows);
}

TEST(Pep440VersionTest, SharedVectorsValidVersions) { RunValidity("valid_versions.txt", 92, true); }
TEST(Pep440VersionTest, SharedVectorsInvalidVersions) {
  RunValidity("invalid_versions.txt", 20, false);
}

// normalized.tsv loses the rows whose input holds tabs and newlines, so the pairs are read from
// the parametrize dump of the same tests.
TEST(Pep440VersionTest, SharedVectorsNormalized) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/packaging_tests_parametrize.json");
  absl::StatusOr<Json> dump = ParseJson(testing::ReadTextFile(path), path);
  ASSERT_TRUE(dump.ok());
  int rows = 0, passed = 0;
  for (const Json& test : (*dump)["test_version"]["parametrize"]) {
    if (JsonString(test, "test") != "TestVersion.test_normalized_versions") continue;
    for (const Json& pair : test["values"]) {
      ++rows;
      const std::string input = pair[0].get<std::string>();
      const bool ok = Normal(input) == pair[1].get<std::string>();
      EXPECT_TRUE(ok) << DumpJson(pair) << " got " << Normal(input);
      passed += ok;
    }
  }
  EXPECT_EQ(rows, 102);
  EXPECT_EQ(passed, rows);
}

// The number JSON gives for a component (null when absent).
Json Number(absl::string_view digits) {
  return Json(std::stoull(std::string(digits.empty() ? "0" : digits)));
}

TEST(Pep440VersionTest, SharedVectorsComponents) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/pep440/version_components.json");
  absl::StatusOr<Json> all = ParseJson(testing::ReadTextFile(path), path);
  ASSERT_TRUE(all.ok() && all->is_object());
  int rows = 0, passed = 0;
  for (const auto& [text, want] : all->items()) {
    ++rows;
    absl::StatusOr<Pep440Version> v = ParsePep440(text);
    ASSERT_TRUE(v.ok()) << text;
    Json got = Json::object();
    got["public"] = Pep440Public(*v);
    got["base_version"] = Pep440BaseVersion(*v);
    got["epoch"] = Number(v->epoch);
    got["release"] = Json::array();
    for (absl::string_view r : v->release) got["release"].push_back(Number(r));
    got["local"] = v->local.empty() ? Json() : Json(Pep440Local(*v));
    const char* kinds[] = {"a", "b", "rc"};
    got["pre"] = v->pre_kind == 0 ? Json()
                                  : Json::array({kinds[v->pre_kind == 'a'   ? 0
                                                       : v->pre_kind == 'b' ? 1
                                                                            : 2],
                                                 Number(v->pre)});
    got["dev"] = v->has_dev ? Number(v->dev) : Json();
    got["post"] = v->has_post ? Number(v->post) : Json();
    got["is_prerelease"] = v->is_prerelease();
    got["is_devrelease"] = v->has_dev;
    got["is_postrelease"] = v->has_post;
    bool ok = true;
    for (const auto& [key, value] : want.items()) ok = ok && got[key] == value;
    EXPECT_TRUE(ok) << text << ": want " << DumpJson(want) << " got " << DumpJson(got);
    passed += ok;
  }
  EXPECT_EQ(rows, 50);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
