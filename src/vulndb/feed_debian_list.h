// Debian security tracker advisory lists (data/DSA/list, data/DLA/list): one Advisory per
// DSA/DLA with its CVEs as aliases and the fixed source package version per release.
//
//   [29 Mar 2023] DSA-5380-1 xorg-server - security update
//           {CVE-2023-1393}
//           [bullseye] - xorg-server 2:1.20.11-1+deb11u6
//           [buster] - xorg-server <not-affected> (Vulnerable code not present)
#pragma once

#include "absl/strings/string_view.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// Whether `prefix` (the first bytes of a file) starts like a DSA/DLA list.
bool LooksLikeDebianList(absl::string_view prefix);

// Release lines: a version is fixed (introduced 0, fixed V); <not-affected>, <end-of-life>,
// <unfixed>, <postponed>, <no-dsa> and <ignored> set the state (the last two will-not-fix);
// <removed> and unknown releases are dropped. Entries without release lines (notices) are
// Skipped; a release line that does not parse makes its entry Malformed.
void ParseDebianList(absl::string_view text, FeedOutput* out);

}  // namespace moat::vulndb
