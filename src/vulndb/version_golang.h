// Go module versions with golang.org/x/mod/semver semantics (v1, v1.2 shorthands, pre-releases,
// pseudo-versions, +incompatible), plus the forms vulnerability data uses for the standard
// library: Go release tags ("go1.21rc2") and versions without the 'v' ("1.19.9").
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed version; the views point into the parsed text.
struct GoVersion {
  absl::string_view major, minor, patch;  // minor/patch are "0" in the shorthands
  absl::string_view prerelease;           // without the '-'
  absl::string_view build;                // without the '+'
};

// Parses exactly as x/mod/semver: a leading 'v' is required; "v1" and "v1.2" are shorthands
// that take no pre-release or build.
absl::StatusOr<GoVersion> ParseGoSemver(absl::string_view text);

// semver.Canonical: "v1.2.0-pre" (shorthands completed, build dropped).
std::string GoCanonical(const GoVersion& v);

// semver.Compare for valid versions. Returns -1, 0 or 1.
int CompareGoVersions(const GoVersion& a, const GoVersion& b);

// Maps a Go release tag to module semver ("go1.21rc2" → "v1.21.0-rc.2", "go1" → "v1.0.0") and
// prefixes 'v' to a version that starts with a digit; anything else is returned as is. The
// result may point into `storage`.
absl::string_view NormalizeGoVersion(absl::string_view text, std::string* storage);

// The "golang" scheme: NormalizeGoVersion, then x/mod/semver.
const VersionScheme& GoScheme();

}  // namespace moat::vulndb
