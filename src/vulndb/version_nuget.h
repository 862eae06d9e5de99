// NuGet package versions with NuGet.Versioning semantics: SemVer 2.0 plus legacy 4-part versions
// (1.2.3.4), "1" read as 1.0, leading zeros in numbers allowed, release labels compared without
// case, build metadata ignored.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed version; the views point into the parsed text.
struct NuGetVersion {
  uint32_t parts[4] = {0, 0, 0, 0};  // major, minor, patch, revision (each at most 2^31-1)
  absl::string_view release;         // dot-separated labels, without the '-'
  absl::string_view metadata;        // without the '+'
};

// Parses like NuGetVersion.TryParse: surrounding whitespace ignored, 1 to 4 numbers, labels of
// [0-9A-Za-z-] (numeric labels without leading zeros), metadata of [0-9A-Za-z-] parts.
absl::StatusOr<NuGetVersion> ParseNuGetVersion(absl::string_view text);

// VersionComparer.Default: the four numbers, then a version without labels is newer, then labels
// one by one (numeric < alphanumeric, numeric by value, others without case). Returns -1, 0, 1.
int CompareNuGetVersions(const NuGetVersion& a, const NuGetVersion& b);

// The "nuget" scheme.
const VersionScheme& NuGetScheme();

}  // namespace moat::vulndb
