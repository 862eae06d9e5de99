// RubyGems versions with Gem::Version semantics: segments split at dots and letter/digit
// boundaries, any letter makes a pre-release ("1.0.a" < "1.0"), trailing zeros ignored, "-x" read
// as ".pre.x", an empty version is "0".
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// Gem::Version.correct?: OK, or InvalidArgument "Malformed version number string ...".
absl::Status ValidateGemVersion(absl::string_view version);

// Gem::Version#<=> on two valid versions. Returns -1, 0 or 1.
int CompareGemVersions(absl::string_view a, absl::string_view b);

// Gem::Version#eql?: the same version string after normalisation ("1.2" is == but not eql?
// to "1.2.0").
bool GemVersionsEql(absl::string_view a, absl::string_view b);

// Gem::Version#prerelease?, #release (segments before the first letter) and #bump.
bool GemIsPrerelease(absl::string_view version);
std::string GemRelease(absl::string_view version);
std::string GemBump(absl::string_view version);

// The "gem" scheme.
const VersionScheme& GemScheme();

}  // namespace moat::vulndb
