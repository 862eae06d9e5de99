// The Debian security tracker JSON (security-tracker.debian.org/tracker/data/json):
// {source package: {CVE: {description, releases: {codename: {status, fixed_version, urgency,
// nodsa_reason}}}}}. One Advisory part per CVE, source "debian", distro from the codename.
#pragma once

#include "absl/strings/string_view.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// Whether JSON text starts like the tracker: {"<package>": {"CVE-…" or "TEMP-…": {.
bool LooksLikeDebianTracker(absl::string_view text);

// Per release: "resolved" with fixed_version "0" is not affected, another version fixed
// (introduced 0, fixed V); "open" is unfixed — end-of-life when the urgency says so,
// will-not-fix when nodsa_reason is "ignored"; "undetermined" counts as unfixed. Urgency
// becomes the vendor severity ("unimportant" → negligible, "not yet assigned" → unknown).
// Unknown codenames are dropped. A (package, CVE) entry with wrong types, an unknown status or
// "resolved" without fixed_version is Malformed. The text is streamed (one entry in memory at a
// time) and each (package, CVE) is delivered as it is read; invalid JSON ends the import of the
// file with one Malformed, after the entries before it.
void ParseDebianTracker(absl::string_view text, FeedOutput* out);

}  // namespace moat::vulndb
