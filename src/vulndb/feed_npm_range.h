// npm semver ranges ("<1.2.3", ">=1.0.0 <1.4.2", "<=2.0.0 || >=3.0.0 <3.1.0", "1.0.0") turned
// into OSV events where that is exact. Anything else (">", "~", "^", "x", partial versions,
// hyphen ranges) is kept as the raw range in `versions` as "npm-range:<range>", for the matcher
// to evaluate with NpmSatisfies (vulndb/version_npm.h).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// The prefix of a `versions` entry that holds an npm range instead of a version.
inline constexpr absl::string_view kNpmRangePrefix = "npm-range:";

struct NpmRangeEvents {
  std::vector<VersionRange> ranges;   // one SEMVER range per "||" alternative
  std::vector<std::string> versions;  // exact versions, or one "npm-range:<range>"
};

// Converts `range`. Each "||" alternative becomes one range: ">=A" introduced A, "<B" fixed B,
// "<=B" last_affected B (introduced 0 without a lower bound), "*" or "" introduced 0; a bare or
// "=" version is an exact version. Versions must be full (MAJOR.MINOR.PATCH[-pre][+build], an
// optional leading "v" is dropped). Exact for release versions; like every OSV SEMVER range,
// prereleases inside a range count as affected where npm would skip them. When any
// alternative does not convert, the whole range is kept raw (one "npm-range:" entry).
NpmRangeEvents ConvertNpmRange(absl::string_view range);

}  // namespace moat::vulndb
