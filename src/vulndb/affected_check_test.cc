#include "vulndb/affected_check.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Kind = RangeEvent::Kind;

// Dotted numbers only ("1.2.10"), so these tests pin the OSV rules, not a real scheme.
class DottedScheme : public VersionScheme {
 public:
  explicit DottedScheme(absl::string_view name = "dotted") : name_(name) {}
  absl::string_view name() const override { return name_; }
  absl::Status Validate(absl::string_view version) const override {
    return Parse(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    auto pa = Parse(a);
    auto pb = Parse(b);
    if (!pa.ok()) return pa.status();
    if (!pb.ok()) return pb.status();
    return *pa < *pb ? -1 : *pb < *pa ? 1 : 0;
  }

 private:
  static absl::StatusOr<std::vector<int>> Parse(absl::string_view version) {
    std::vector<int> parts;
    for (absl::string_view part : absl::StrSplit(version, '.')) {
      int n;
      if (!absl::SimpleAtoi(part, &n)) return absl::InvalidArgumentError("not dotted numbers");
      parts.push_back(n);
    }
    while (parts.size() > 1 && parts.back() == 0) parts.pop_back();
    return parts;
  }
  absl::string_view name_;
};

const DottedScheme kScheme;
const DottedScheme kSemver("semver");

VersionRules Rules() {
  VersionRules rules;
  rules.ecosystem = &kScheme;
  rules.semver = &kSemver;
  return rules;
}

AffectedPackage Entry(std::vector<RangeEvent> events,
                      VersionRange::Type type = VersionRange::Type::kEcosystem) {
  AffectedPackage entry;
  entry.ecosystem = "npm";
  entry.package = "x";
  entry.ranges.push_back({type, std::move(events)});
  return entry;
}

bool Affected(const AffectedPackage& entry, absl::string_view version) {
  return CheckAffected(entry, version, Rules()).affected;
}

TEST(AffectedCheckTest, IntroducedZeroFixed) {
  auto entry = Entry({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.0.2"}});
  EXPECT_TRUE(Affected(entry, "0.1"));
  EXPECT_TRUE(Affected(entry, "1.0.1"));
  EXPECT_FALSE(Affected(entry, "1.0.2"));
  EXPECT_FALSE(Affected(entry, "2.0"));
}

TEST(AffectedCheckTest, MultipleIntervalsInAnyOrder) {
  auto entry = Entry({{Kind::kFixed, "3.2.5"},
                      {Kind::kIntroduced, "3.0.0"},
                      {Kind::kIntroduced, "1.0.0"},
                      {Kind::kFixed, "1.0.2"}});
  EXPECT_FALSE(Affected(entry, "0.9"));
  EXPECT_TRUE(Affected(entry, "1.0.0"));
  EXPECT_TRUE(Affected(entry, "1.0.1"));
  EXPECT_FALSE(Affected(entry, "1.0.2"));
  EXPECT_FALSE(Affected(entry, "2.9"));
  EXPECT_TRUE(Affected(entry, "3.0.0"));
  EXPECT_TRUE(Affected(entry, "3.2.4"));
  EXPECT_FALSE(Affected(entry, "3.2.5"));
}

TEST(AffectedCheckTest, LastAffectedIsInclusive) {
  auto entry = Entry({{Kind::kIntroduced, "0"}, {Kind::kLastAffected, "2.1.214"}});
  EXPECT_TRUE(Affected(entry, "2.1.214"));
  EXPECT_FALSE(Affected(entry, "2.1.215"));
  AffectedCheck check = CheckAffected(entry, "2.1.0", Rules());
  EXPECT_TRUE(check.fixed_above.empty());
}

TEST(AffectedCheckTest, LimitBoundsTheRange) {
  auto entry = Entry({{Kind::kIntroduced, "1.0"}, {Kind::kLimit, "2.0"}});
  EXPECT_TRUE(Affected(entry, "1.5"));
  EXPECT_FALSE(Affected(entry, "2.0"));
  EXPECT_FALSE(Affected(entry, "0.5"));
  auto open = Entry({{Kind::kIntroduced, "1.0"}, {Kind::kLimit, "*"}});
  EXPECT_TRUE(Affected(open, "9.0"));
}

TEST(AffectedCheckTest, IntroducedEqualsFixedIsEmpty) {
  auto entry = Entry({{Kind::kFixed, "1.0"}, {Kind::kIntroduced, "1.0"}});
  EXPECT_FALSE(Affected(entry, "1.0"));
}

TEST(AffectedCheckTest, FixedAboveListsFixesNewerThanInstalled) {
  auto entry = Entry({{Kind::kIntroduced, "0"},
                      {Kind::kFixed, "2.3.1"},
                      {Kind::kIntroduced, "2.4"},
                      {Kind::kFixed, "2.12.2"},
                      {Kind::kIntroduced, "2.13.0"},
                      {Kind::kFixed, "2.16.0"}});
  AffectedCheck check = CheckAffected(entry, "2.14.1", Rules());
  EXPECT_TRUE(check.affected);
  EXPECT_THAT(check.fixed_above, ElementsAre("2.16.0"));
  check = CheckAffected(entry, "2.5", Rules());
  EXPECT_TRUE(check.affected);
  EXPECT_THAT(check.fixed_above, ElementsAre("2.12.2", "2.16.0"));
}

TEST(AffectedCheckTest, ExplicitVersionsList) {
  AffectedPackage entry;
  entry.versions = {"0.7.29", "0.8.0", "1.0.0"};
  EXPECT_TRUE(Affected(entry, "0.8.0"));
  EXPECT_FALSE(Affected(entry, "1.0"));  // listed versions compare as strings
  EXPECT_FALSE(Affected(entry, "0.7.30"));
}

TEST(AffectedCheckTest, SemverRangesDropTheGoVPrefix) {
  auto entry =
      Entry({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.19.9"}}, VersionRange::Type::kSemver);
  EXPECT_TRUE(Affected(entry, "v1.19.8"));
  EXPECT_FALSE(Affected(entry, "v1.19.9"));
  EXPECT_THAT(CheckAffected(entry, "v1.19.8", Rules()).fixed_above, ElementsAre("1.19.9"));
}

TEST(AffectedCheckTest, UncomparableVersionsSkipTheRangeAndSayWhy) {
  auto entry = Entry({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.0-beta"}});
  AffectedCheck check = CheckAffected(entry, "0.5", Rules());
  EXPECT_FALSE(check.affected);
  EXPECT_EQ(check.skipped, 1);
  EXPECT_THAT(check.skip_reason, HasSubstr("dotted version \"1.0-beta\": not dotted numbers"));
  check = CheckAffected(Entry({{Kind::kIntroduced, "0"}, {Kind::kFixed, "2"}}), "devel", Rules());
  EXPECT_FALSE(check.affected);
  EXPECT_EQ(check.skipped, 1);
  EXPECT_THAT(check.skip_reason, HasSubstr("\"devel\""));
}

TEST(AffectedCheckTest, MissingSchemeSkips) {
  VersionRules rules;
  AffectedCheck check = CheckAffected(Entry({{Kind::kIntroduced, "0"}}), "1.0", rules);
  EXPECT_FALSE(check.affected);
  EXPECT_EQ(check.skipped, 1);
  EXPECT_EQ(check.skip_reason, "no version scheme for npm");
}

TEST(AffectedCheckTest, NpmRangeEntriesUseTheEvaluator) {
  AffectedPackage entry;
  entry.versions = {"npm-range:<2.6.9"};
  VersionRules rules = Rules();
  std::string seen;
  rules.npm_satisfies = [&seen](absl::string_view version,
                                absl::string_view range) -> absl::StatusOr<bool> {
    seen = std::string(range);
    if (range == "bad") return absl::InvalidArgumentError("invalid range");
    return version == "2.6.8";
  };
  EXPECT_TRUE(CheckAffected(entry, "2.6.8", rules).affected);
  EXPECT_EQ(seen, "<2.6.9");
  EXPECT_FALSE(CheckAffected(entry, "2.6.9", rules).affected);
  entry.versions = {"npm-range:bad"};
  AffectedCheck check = CheckAffected(entry, "2.6.8", rules);
  EXPECT_FALSE(check.affected);
  EXPECT_EQ(check.skipped, 1);
  EXPECT_EQ(check.skip_reason, "npm range \"bad\": invalid range");
}

TEST(AffectedCheckTest, EntriesWithoutRangesFollowTheirState) {
  AffectedPackage entry;
  entry.state = FixState::kUnfixed;
  EXPECT_TRUE(Affected(entry, "1.0"));
  entry.state = FixState::kWillNotFix;
  EXPECT_TRUE(Affected(entry, "1.0"));
  entry.state = FixState::kFixed;
  EXPECT_FALSE(Affected(entry, "1.0"));
}

}  // namespace
}  // namespace moat::vulndb
