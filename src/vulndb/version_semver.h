// Semantic Versioning 2.0.0 (semver.org): the "cargo" scheme, the "semver" scheme of OSV SEMVER
// ranges (an optional leading "v"), and the pre-release precedence the npm and Go schemes share.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed version; the views point into the parsed text.
struct SemVer {
  absl::string_view major, minor, patch;  // digit runs without leading zeros
  absl::string_view prerelease;           // without the '-'; empty when none
  absl::string_view build;                // without the '+'; ignored by ordering
};

// Parses strict semver 2.0 (MAJOR.MINOR.PATCH[-PRE][+BUILD]); `allow_v_prefix` accepts a leading
// 'v'. Errors name `scheme` and say what is wrong.
absl::StatusOr<SemVer> ParseSemVer(absl::string_view text, absl::string_view scheme,
                                   bool allow_v_prefix);

// Semver 2.0 precedence: major, minor, patch numerically, then a version without pre-release is
// newer than one with; build metadata is ignored. Returns -1, 0 or 1.
int CompareSemVer(const SemVer& a, const SemVer& b);

// Semver 2.0 §11 order of two non-empty dot-separated pre-release strings: all-digit identifiers
// compare numerically and before the others, the others in ASCII order; on a shared prefix the
// longer list is newer. Returns -1, 0 or 1.
int CompareSemVerPrerelease(absl::string_view a, absl::string_view b);

// Whether `id` is a valid dot-separated identifier list of [0-9A-Za-z-]+; with `no_leading_zeros`
// all-digit identifiers must not start with '0' (pre-release rule).
bool ValidSemVerIdentifiers(absl::string_view ids, bool no_leading_zeros);

// "cargo": strict semver 2.0 as crates use it. "semver": the same with an optional leading 'v'.
const VersionScheme& CargoScheme();
const VersionScheme& SemverScheme();

}  // namespace moat::vulndb
