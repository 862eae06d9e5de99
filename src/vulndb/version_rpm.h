// RPM versions: [epoch:]version[-release] ordered like rpm (rpmvercmp per part, including the '~'
// pre-release and '^' post-release separators).
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed EVR; the views point into the parsed text.
struct RpmVersion {
  absl::string_view epoch;  // digits; empty when absent (counts as 0)
  absl::string_view version;
  std::optional<absl::string_view> release;  // after the last '-'
};

// Splits `text` like rpm: leading digits followed by ':' are the epoch, the release follows the
// last '-'. Rejects empty parts and whitespace or control characters.
absl::StatusOr<RpmVersion> ParseRpmVersion(absl::string_view text);

// rpm's EVR order: epoch, version, then release only when both sides have one.
int CompareRpmVersions(const RpmVersion& a, const RpmVersion& b);

// rpmvercmp on one part: alphanumeric segments, digits newer than letters, '~' sorts before
// everything (even the end), '^' after the end but before any other segment. Returns -1, 0, 1.
int RpmVerCmp(absl::string_view a, absl::string_view b);

// The "rpm" scheme.
const VersionScheme& RpmScheme();

}  // namespace moat::vulndb
