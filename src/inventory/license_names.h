// Licence names as OS packages write them ("GPL-2+", "GPLv2", "Expat", "BSD-3-clause") turned
// into SPDX identifiers where the meaning is clear; anything else is kept as written.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// "GPL-2" -> "GPL-2.0-only", "GPL-2+" / "GPLv2+" -> "GPL-2.0-or-later", "LGPL-2.1" ->
// "LGPL-2.1-only", "Expat" -> "MIT", "BSD-3-clause" -> "BSD-3-Clause", "Apache-2" ->
// "Apache-2.0". Identifiers that are already SPDX ("GPL-2.0-or-later") and unknown names come
// back trimmed but otherwise unchanged.
std::string NormalizeLicenseName(absl::string_view name);

// Splits a Debian copyright "License:" value or similar short expression on ",", " or ",
// " and " and "|", normalizes each part and drops empty ones. "(...)" comments are removed
// first ("The MIT License (MIT)" -> "MIT").
std::vector<std::string> SplitLicenseList(absl::string_view value);

}  // namespace moat::inventory
