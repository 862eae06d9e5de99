// SPDX license identifiers and expressions for the SBOM writers: which license strings found in
// images are valid SPDX, in canonical spelling, and which need a LicenseRef.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace moat::report {

// The canonical spelling of an SPDX License List id (current or deprecated), matched
// case-insensitively ("apache-2.0" -> "Apache-2.0"); "" when `text` is not one.
std::string CanonicalSpdxLicenseId(absl::string_view text);

// `license` as a valid SPDX license expression in canonical spelling, or nullopt. Accepts
// single ids, "id+", LicenseRef-..., AND/OR/WITH (any case) and parentheses, plus a few common
// non-SPDX spellings ("GPL-2+" -> "GPL-2.0-or-later", "Expat" -> "MIT", "Apache 2.0").
// Bounded: over-long or over-nested input yields nullopt.
std::optional<std::string> ToSpdxExpression(absl::string_view license);

// Whether `expression` is a single license id (no operators), e.g. "MIT" but not "MIT OR X".
bool IsSingleLicense(absl::string_view expression);

}  // namespace moat::report
