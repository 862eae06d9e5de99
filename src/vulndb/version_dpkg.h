// Debian package versions ([epoch:]upstream[-revision]), validated like dpkg's parseversion and
// ordered like dpkg --compare-versions (Debian Policy 5.6.12).
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed version; the views point into the parsed text.
struct DpkgVersion {
  int epoch = 0;
  absl::string_view upstream;
  absl::string_view revision;  // empty when the version has no '-'
};

// Parses `text` as dpkg does: blanks around it are ignored, the epoch is a non-negative int, the
// revision follows the last '-'. The error (InvalidArgument) gives dpkg's reason.
absl::StatusOr<DpkgVersion> ParseDpkgVersion(absl::string_view text);

// dpkg's ordering: epoch, then upstream, then revision, each part by DpkgCompareParts.
int CompareDpkgVersions(const DpkgVersion& a, const DpkgVersion& b);

// dpkg's verrevcmp on one part: alternating non-digit runs (letters < other characters, '~'
// before everything, even the end) and digit runs compared numerically. Returns <0, 0 or >0.
int DpkgCompareParts(absl::string_view a, absl::string_view b);

// The "deb" scheme.
const VersionScheme& DpkgScheme();

}  // namespace moat::vulndb
