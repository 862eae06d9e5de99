// npm semver ranges → OSV events: exact conversions and the "npm-range:" fallback.
#include "vulndb/feed_npm_range.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

// "[introduced 0, fixed 1.2.3] [...] | 1.0.0 npm-range:…"
std::string Render(const NpmRangeEvents& e) {
  std::vector<std::string> ranges;
  for (const VersionRange& r : e.ranges) {
    EXPECT_EQ(r.type, VersionRange::Type::kSemver);
    ranges.push_back("[" + testutil::Events(r) + "]");
  }
  return absl::StrJoin(ranges, " ") + " | " + absl::StrJoin(e.versions, " ");
}

struct Case {
  const char* range;
  const char* want;
};

TEST(NpmRangeTest, ConvertsExactRanges) {
  const Case kCases[] = {
      {"<1.2.3", "[introduced 0, fixed 1.2.3] | "},
      {"<=1.5.1", "[introduced 0, last_affected 1.5.1] | "},
      {"<= 0.3.3", "[introduced 0, last_affected 0.3.3] | "},
      {"<  2.0.5", "[introduced 0, fixed 2.0.5] | "},
      {">=1.0.0 <1.4.2", "[introduced 1.0.0, fixed 1.4.2] | "},
      {"<5.0.3 >=5.0.0", "[introduced 5.0.0, fixed 5.0.3] | "},
      {">= 15.0.0 <= 16.1.0", "[introduced 15.0.0, last_affected 16.1.0] | "},
      {">=0.1.0", "[introduced 0.1.0] | "},
      {"*", "[introduced 0] | "},
      {"<=99.999.99999", "[introduced 0, last_affected 99.999.99999] | "},
      {"<1.6.5 || >=1.7.0 <1.7.2",
       "[introduced 0, fixed 1.6.5] [introduced 1.7.0, fixed 1.7.2] | "},
      {"<2.0.1 || <1.1.7", "[introduced 0, fixed 2.0.1] [introduced 0, fixed 1.1.7] | "},
      {"2.1.4", " | 2.1.4"},
      {"=3.0.0-rc.1", " | 3.0.0-rc.1"},
      {"2.1.0-M1 || 2.1.0-M2", " | 2.1.0-M1 2.1.0-M2"},
      {"<=0.9.4 || 1.0.0", "[introduced 0, last_affected 0.9.4] | 1.0.0"},
      {">=2.0.0-alpha8 <=2.0.0-rc2", "[introduced 2.0.0-alpha8, last_affected 2.0.0-rc2] | "},
      {"<=v2.0.0-alpha7", "[introduced 0, last_affected 2.0.0-alpha7] | "},
  };
  for (const Case& c : kCases) EXPECT_EQ(Render(ConvertNpmRange(c.range)), c.want) << c.range;
}

TEST(NpmRangeTest, KeepsInexactRangesRaw) {
  const char* kRaw[] = {
      "<1.6.5 || < 2.1.7 > 2.0.0",  // ">" has no OSV event
      "<= 1.0",                     // partial version
      "2.0.x || 2.1.x",
      ">= 0.2.0 <= 0.9.6 || ~0.8.0-pre",
      "^2.0.18 || ^3.0.16",
      "1.2.3 - 2.3.4",
      ">=2.0.0 <1.0.0",  // lower bound above the upper
      ">=1.0.0 >=1.1.0",
      "<01.2.3",
  };
  for (const char* range : kRaw) {
    NpmRangeEvents e = ConvertNpmRange(range);
    EXPECT_TRUE(e.ranges.empty()) << range;
    ASSERT_EQ(e.versions.size(), 1u) << range;
    EXPECT_EQ(e.versions[0], std::string("npm-range:") + range);
  }
}

}  // namespace
}  // namespace moat::vulndb
