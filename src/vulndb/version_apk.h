// Alpine apk versions (digits{.digits}[letter]{_suffix[N]}[~hash][-rN]), validated and ordered as
// apk-tools 3 does.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// OK when `version` is valid for apk-tools; otherwise InvalidArgument with the reason.
absl::Status ValidateApkVersion(absl::string_view version);

// apk-tools' comparison of any two strings, valid or not (an invalid tail ends the walk, as in
// apk). With `fuzzy`, a version matches when `b` is a prefix of it by components ("3.6.9" ~ "3.6").
// Returns -1, 0 or 1.
int CompareApkVersions(absl::string_view a, absl::string_view b, bool fuzzy = false);

// The "apk" scheme: Compare rejects invalid versions.
const VersionScheme& ApkScheme();

}  // namespace moat::vulndb
