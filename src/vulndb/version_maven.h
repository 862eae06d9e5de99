// Maven versions ordered like Maven 3.9's ComparableVersion (maven-artifact 3.9.x): items split
// at '.', '-' and digit/letter changes, nested lists after '-', qualifiers alpha < beta <
// milestone < rc < snapshot < "" (ga, final, release) < sp < other words.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// Maven accepts any string; we reject empty versions, control characters and versions longer
// than 512 bytes (the item nesting depth follows the length).
absl::Status ValidateMavenVersion(absl::string_view version);

// ComparableVersion.compareTo on two valid versions. Returns -1, 0 or 1.
int CompareMavenVersions(absl::string_view a, absl::string_view b);

// ComparableVersion.getCanonical (e.g. "1-rc1" for "1.0-RC1"), for diagnostics and tests.
std::string MavenCanonical(absl::string_view version);

// The "maven" scheme.
const VersionScheme& MavenScheme();

}  // namespace moat::vulndb
