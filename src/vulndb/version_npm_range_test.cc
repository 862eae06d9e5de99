#include "vulndb/version_npm_range.h"

#include "common/json.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"

namespace moat::vulndb {
namespace {

bool Satisfies(absl::string_view version, absl::string_view range, NpmOptions o = {}) {
  absl::StatusOr<bool> r = NpmSatisfies(version, range, o);
  EXPECT_TRUE(r.ok()) << version << " in " << range << ": " << r.status();
  return r.ok() && *r;
}

std::string Desugar(absl::string_view range, NpmOptions o = {}) {
  absl::StatusOr<NpmRange> r = ParseNpmRange(range, o);
  return r.ok() ? FormatNpmRange(*r) : "invalid: " + std::string(r.status().message());
}

TEST(NpmRangeTest, DesugarsLikeNodeSemver) {
  EXPECT_EQ(Desugar("^1.2.3"), ">=1.2.3 <2.0.0-0");
  EXPECT_EQ(Desugar("^0.2.3"), ">=0.2.3 <0.3.0-0");
  EXPECT_EQ(Desugar("^0.0.3"), ">=0.0.3 <0.0.4-0");
  EXPECT_EQ(Desugar("~1.2.3"), ">=1.2.3 <1.3.0-0");
  EXPECT_EQ(Desugar("~1"), ">=1.0.0 <2.0.0-0");
  EXPECT_EQ(Desugar("1.2.x"), ">=1.2.0 <1.3.0-0");
  EXPECT_EQ(Desugar(">1.2"), ">=1.3.0");
  EXPECT_EQ(Desugar("<=1.2"), "<1.3.0-0");
  EXPECT_EQ(Desugar("1.2.3 - 2.3"), ">=1.2.3 <2.4.0-0");
  EXPECT_EQ(Desugar(">= 1.0.0 <  2.0.0 || 3.x"), ">=1.0.0 <2.0.0||>=3.0.0 <4.0.0-0");
  EXPECT_EQ(Desugar("*"), "");
  EXPECT_EQ(Desugar(">=0.0.0"), "");
  EXPECT_EQ(Desugar("<0.0.0-0 || 1.2.3"), "1.2.3");
  EXPECT_EQ(Desugar("1.x.5"), "invalid: invalid npm range \"1.x.5\": invalid comparator");
  EXPECT_EQ(Desugar("foo || 1.0.0", {.loose = true}), "1.0.0");
}

TEST(NpmRangeTest, SatisfiesWithThePrereleaseRule) {
  EXPECT_TRUE(Satisfies("4.17.20", "<4.17.21"));
  EXPECT_FALSE(Satisfies("4.17.21", "<4.17.21"));
  EXPECT_TRUE(Satisfies("1.5.0", ">=1.0.0 <1.2.0 || >=1.4.0 <1.6.0"));
  // A pre-release only matches a comparator set naming a pre-release of the same version...
  EXPECT_FALSE(Satisfies("1.3.0-beta", "^1.2.0"));
  EXPECT_TRUE(Satisfies("1.2.0-beta.2", "^1.2.0-beta.1"));
  EXPECT_FALSE(Satisfies("1.2.1-beta.2", "^1.2.0-beta.1"));
  // ...unless includePrerelease is set.
  EXPECT_TRUE(Satisfies("1.3.0-beta", "^1.2.0", {.include_prerelease = true}));
  EXPECT_TRUE(Satisfies("1.0.0", "=1.0.0"));
  EXPECT_TRUE(Satisfies("2.0.0", "1.x || >=2.0.0"));
}

TEST(NpmRangeTest, InvalidRangeOrVersionIsAnError) {
  absl::StatusOr<bool> r = NpmSatisfies("1.0.0", ">=foo");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "invalid npm range \">=foo\": invalid comparator");
  r = NpmSatisfies("not a version", ">=1.0.0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "invalid npm version \"not a version\": not a valid semver version");
}

TEST(NpmRangeTest, OutsideTellsAboveFromBelow) {
  EXPECT_TRUE(*NpmOutside("2.0.1", "1.0.0 - 2.0.0", '>'));
  EXPECT_FALSE(*NpmOutside("0.9.0", "1.0.0 - 2.0.0", '>'));
  EXPECT_TRUE(*NpmOutside("0.9.0", "1.0.0 - 2.0.0", '<'));
  EXPECT_FALSE(*NpmOutside("1.5.0", "1.0.0 - 2.0.0", '<'));
  EXPECT_FALSE(NpmOutside("1.0.0", "1.x", '=').ok());
}

Json LoadRows(const std::string& path) {
  absl::StatusOr<Json> rows = ParseJson(testing::ReadTextFile(path), path);
  EXPECT_TRUE(rows.ok() && rows->is_array()) << path;
  return rows.ok() ? *rows : Json::array();
}

std::string Text(const Json& j) { return j.is_string() ? j.get<std::string>() : DumpJson(j); }

bool Truthy(const Json& v) {
  return !(v.is_null() || (v.is_boolean() && !v.get<bool>()) ||
           (v.is_number() && v.get<double>() == 0) || (v.is_string() && v.empty()));
}

// node-semver's options argument: a truthy non-object means loose.
NpmOptions OptionsFrom(const Json& row, size_t index) {
  NpmOptions o;
  if (row.size() <= index) return o;
  const Json& j = row[index];
  if (!j.is_object()) {
    o.loose = Truthy(j);
    return o;
  }
  if (const Json* l = JsonField(j, "loose")) o.loose = Truthy(*l);
  if (const Json* p = JsonField(j, "includePrerelease")) o.include_prerelease = Truthy(*p);
  return o;
}

// Runs `check` on every row of a fixture and expects all `want_rows` rows to pass.
template <typename Check>
void RunRows(const std::string& path, int want_rows, Check check) {
  int rows = 0, passed = 0;
  for (const Json& row : LoadRows(path)) {
    ++rows;
    const bool ok = check(row);
    EXPECT_TRUE(ok) << DumpJson(row);
    passed += ok;
  }
  EXPECT_EQ(rows, want_rows);
  EXPECT_EQ(passed, rows);
}

TEST(NpmRangeTest, SharedVectorsRangeInclude) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/range-include.json");
  RunRows(path, 126, [](const Json& row) {
    absl::StatusOr<bool> r = NpmSatisfies(Text(row[1]), Text(row[0]), OptionsFrom(row, 2));
    return r.ok() && *r;
  });
}

TEST(NpmRangeTest, SharedVectorsRangeExclude) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/range-exclude.json");
  // node-semver's satisfies() is false for an invalid range or version; ours is an error.
  RunRows(path, 98, [](const Json& row) {
    absl::StatusOr<bool> r = NpmSatisfies(Text(row[1]), Text(row[0]), OptionsFrom(row, 2));
    return !r.ok() || !*r;
  });
}

TEST(NpmRangeTest, SharedVectorsRangeParse) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/range-parse.json");
  RunRows(path, 133, [](const Json& row) {
    absl::StatusOr<NpmRange> r = ParseNpmRange(Text(row[0]), OptionsFrom(row, 2));
    if (row[1].is_null()) return !r.ok();
    if (!r.ok()) return false;
    std::string formatted = FormatNpmRange(*r);
    return (formatted.empty() ? "*" : formatted) == row[1].get<std::string>();
  });
}

// gtr / ltr: [range, version, options]; an error counts as "not outside".
void RunOutside(const std::string& file, int rows, char hilo, bool want) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/semver-npm/" + file);
  RunRows(path, rows, [&](const Json& row) {
    absl::StatusOr<bool> r = NpmOutside(Text(row[1]), Text(row[0]), hilo, OptionsFrom(row, 2));
    return (r.ok() && *r) == want;
  });
}

TEST(NpmRangeTest, SharedVectorsGtr) { RunOutside("version-gt-range.json", 56, '>', true); }
TEST(NpmRangeTest, SharedVectorsNotGtr) { RunOutside("version-not-gt-range.json", 80, '>', false); }
TEST(NpmRangeTest, SharedVectorsLtr) { RunOutside("version-lt-range.json", 58, '<', true); }
TEST(NpmRangeTest, SharedVectorsNotLtr) { RunOutside("version-not-lt-range.json", 83, '<', false); }

// Not run: increments.json and truncations.json (inc()/truncate(): no use in matching) and
// comparator-intersection.json / range-intersection.json (intersects(): the matcher tests
// versions against ranges, never ranges against ranges).

}  // namespace
}  // namespace moat::vulndb
