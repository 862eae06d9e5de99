// Composer (PHP) package versions: normalised as Composer's VersionParser::normalize does
// ("v1.2" → "1.2.0.0", "1.0-beta2" → "1.0.0.0-beta2", "2.x-dev" → "2.9999999.9999999.9999999-dev",
// "dev-main" stays a branch) and ordered with PHP's version_compare, as Composer's constraints do.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// VersionParser::normalize. InvalidArgument 'Invalid version string "..."' otherwise.
absl::StatusOr<std::string> NormalizeComposerVersion(absl::string_view version);

// PHP's version_compare(a, b) (no operator): special forms dev < alpha = a < beta = b < RC = rc <
// (number) < pl = p; unknown words sort first. Returns -1, 0 or 1.
int PhpVersionCompare(absl::string_view a, absl::string_view b);

// The "composer" scheme: normalise both, then version_compare. Branches ("dev-main") have no
// order: comparing one with anything but itself is an error.
const VersionScheme& ComposerScheme();

}  // namespace moat::vulndb
