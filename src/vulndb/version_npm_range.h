// npm ranges parsed the way node-semver's Range does: the range is rewritten into sets of
// primitive comparators (||-separated sets, each an AND of comparators), then tested.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_npm.h"

namespace moat::vulndb {

// One primitive comparator: "<", "<=", ">", ">=" or "" (equal) and a version, or "any".
struct NpmComparator {
  std::string op;
  bool any = false;
  uint64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;  // as node-semver formats it
  std::string value;       // node-semver's comparator string, "" for any
};

struct NpmRange {
  std::vector<std::vector<NpmComparator>> sets;  // OR of ANDs
};

// Parses like `new Range(range, options)`. InvalidArgument for an invalid range.
absl::StatusOr<NpmRange> ParseNpmRange(absl::string_view range, const NpmOptions& options = {});

// node-semver's Range#range: the comparators joined by ' ' and the sets by "||" ("" for "*").
std::string FormatNpmRange(const NpmRange& range);

// Range#test for a parsed version.
bool NpmRangeTest(const NpmRange& range, const NpmVersion& version, const NpmOptions& options);

// node-semver's gtr (hilo '>') and ltr (hilo '<'): whether `version` is above (below) every
// version the range allows. Errors for an invalid version or range.
absl::StatusOr<bool> NpmOutside(absl::string_view version, absl::string_view range, char hilo,
                                const NpmOptions& options = {});

}  // namespace moat::vulndb
