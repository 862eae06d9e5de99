#include "vulndb/version_npm.h"

#include "absl/strings/str_split.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

int Cmp(absl::string_view a, absl::string_view b, bool loose = false) {
  absl::StatusOr<NpmVersion> va = ParseNpmVersion(a, loose), vb = ParseNpmVersion(b, loose);
  EXPECT_TRUE(va.ok() && vb.ok()) << a << " vs " << b;
  return va.ok() && vb.ok() ? CompareNpmVersions(*va, *vb) : 99;
}

TEST(NpmVersionTest, OrdersLikeNodeSemver) {
  struct Case {
    const char* a;
    const char* b;
    int want;
  } cases[] = {
      {"1.2.3", "1.2.3", 0},
      {"1.2.3", "1.2.4", -1},
      {"1.10.0", "1.9.0", 1},
      {"1.0.0-alpha", "1.0.0", -1},
      {"1.0.0-alpha", "1.0.0-alpha.1", -1},
      {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
      {"1.0.0-beta.2", "1.0.0-beta.11", -1},
      {"1.0.0-rc.1", "1.0.0", -1},
      {"1.0.0+build.1", "1.0.0+build.2", 0},
      {"v1.2.3", "1.2.3", 0},
      {"1.0.0-B", "1.0.0-a", -1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Cmp(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(Cmp(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    EXPECT_EQ(*NpmScheme().Compare(c.a, c.b), c.want);
  }
}

TEST(NpmVersionTest, LooseModeAcceptsWhatTheRegistryOnceDid) {
  EXPECT_FALSE(ParseNpmVersion("=1.2.3").ok());
  EXPECT_EQ(Cmp("=1.2.3", "1.2.3", true), 0);
  EXPECT_EQ(Cmp("01.02.03", "1.2.3", true), 0);
  EXPECT_EQ(Cmp("1.2.3beta", "1.2.3-beta", true), 0);
  absl::StatusOr<NpmVersion> v = ParseNpmVersion("1.2.34.5", true);  // 1.2.3-4.5, as a regex does
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(FormatNpmVersion(*v), "1.2.3-4.5");
  EXPECT_EQ(FormatNpmVersion(*ParseNpmVersion(" v1.2.3-01.x+b ", true)), "1.2.3-1.x");
}

TEST(NpmVersionTest, RejectsInvalidVersionsWithReason) {
  auto error = [](absl::string_view v) { return std::string(NpmScheme().Validate(v).message()); };
  EXPECT_EQ(error("1.2"), "invalid npm version \"1.2\": not a valid semver version");
  EXPECT_EQ(error("01.2.3"), "invalid npm version \"01.2.3\": not a valid semver version");
  EXPECT_EQ(error("1.2.3-01"), "invalid npm version \"1.2.3-01\": not a valid semver version");
  EXPECT_EQ(error("9007199254740992.0.0"),
            "invalid npm version \"9007199254740992.0.0\": major version is above "
            "9007199254740991");
  EXPECT_EQ(error(std::string(300, '1')).substr(0, 20), "invalid npm version ");
  EXPECT_NE(error(std::string(300, '1')).find("longer than 256 characters"), std::string::npos);
}

// node-semver's options argument: a truthy non-object means loose.
NpmOptions OptionsFrom(const Json& row, size_t index) {
  NpmOptions o;
  if (row.size() <= index) return o;
  const Json& j = row[index];
  auto truthy = [](const Json& v) {
    return !(v.is_null() || (v.is_boolean() && !v.get<bool>()) ||
             (v.is_number() && v.get<double>() == 0) || (v.is_string() && v.empty()));
  };
  if (!j.is_object()) {
    o.loose = truthy(j);
    return o;
  }
  if (const Json* l = JsonField(j, "loose")) o.loose = truthy(*l);
  if (const Json* p = JsonField(j, "includePrerelease")) o.include_prerelease = truthy(*p);
  return o;
}

// A fixture value as the string our API sees (non-strings as their JSON text).
std::string Text(const Json& j) { return j.is_string() ? j.get<std::string>() : DumpJson(j); }

Json LoadRows(const std::string& path) {
  absl::StatusOr<Json> rows = ParseJson(testing::ReadTextFile(path), path);
  EXPECT_TRUE(rows.ok() && rows->is_array()) << path;
  return rows.ok() ? *rows : Json::array();
}

TEST(NpmVersionTest, SharedVectorsComparisons) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/comparisons.json");
  int rows = 0, passed = 0;
  for (const Json& row : LoadRows(path)) {
    ++rows;
    const bool loose = OptionsFrom(row, 2).loose;
    const std::string v0 = Text(row[0]), v1 = Text(row[1]);
    const bool ok = Cmp(v0, v1, loose) == 1 && Cmp(v1, v0, loose) == -1 &&
                    Cmp(v0, v0, loose) == 0 && Cmp(v1, v1, loose) == 0;
    EXPECT_TRUE(ok) << DumpJson(row);
    passed += ok;
  }
  EXPECT_EQ(rows, 31);
  EXPECT_EQ(passed, rows);
}

TEST(NpmVersionTest, SharedVectorsEquality) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/equality.json");
  int rows = 0, passed = 0;
  for (const Json& row : LoadRows(path)) {
    ++rows;
    const bool loose = OptionsFrom(row, 2).loose;
    const bool ok = Cmp(Text(row[0]), Text(row[1]), loose) == 0;
    EXPECT_TRUE(ok) << DumpJson(row);
    passed += ok;
  }
  EXPECT_EQ(rows, 37);
  EXPECT_EQ(passed, rows);
}

TEST(NpmVersionTest, SharedVectorsValidVersions) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/valid-versions.json");
  int rows = 0, passed = 0;
  for (const Json& row : LoadRows(path)) {
    ++rows;
    const std::string text = Text(row[0]);  // the parsed views point into it
    absl::StatusOr<NpmVersion> v = ParseNpmVersion(text);
    bool ok = v.ok() && v->major == row[1].get<uint64_t>() && v->minor == row[2].get<uint64_t>() &&
              v->patch == row[3].get<uint64_t>();
    if (ok) {
      std::vector<std::string> pre, build;
      for (const Json& id : row[4]) pre.push_back(Text(id));
      for (const Json& id : row[5]) build.push_back(Text(id));
      std::vector<std::string> got_pre = absl::StrSplit(v->prerelease, '.', absl::SkipEmpty());
      std::vector<std::string> got_build = absl::StrSplit(v->build, '.', absl::SkipEmpty());
      ok = got_pre == pre && got_build == build;
    }
    EXPECT_TRUE(ok) << DumpJson(row);
    passed += ok;
  }
  EXPECT_EQ(rows, 22);
  EXPECT_EQ(passed, rows);
}

TEST(NpmVersionTest, SharedVectorsInvalidVersions) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/invalid-versions.json");
  int rows = 0, passed = 0;
  for (const Json& row : LoadRows(path)) {
    ++rows;
    const bool ok = !ParseNpmVersion(Text(row[0]), OptionsFrom(row, 2).loose).ok();
    EXPECT_TRUE(ok) << DumpJson(row);
    passed += ok;
  }
  EXPECT_EQ(rows, 10);
  EXPECT_EQ(passed, rows);
}

}  // namespace
}  // namespace moat::vulndb
