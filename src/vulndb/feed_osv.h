// OSV (schema 1.x) in JSON or YAML: Go vulndb, RustSec, PyPA, GitHub advisories, Ubuntu USN and
// UBUNTU-CVE, Chainguard/Wolfi and any other OSV export. One Advisory per OSV document.
#pragma once

#include "absl/strings/string_view.h"
#include "common/json.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// An OSV document (an object with "id" and "affected" or "schema_version") or an array of them.
bool LooksLikeOsv(const Json& doc);

// The feed id of an OSV record, from its id prefix: "ghsa", "go-vulndb", "rustsec", "pypa",
// "ubuntu", "chainguard", "debian"; "osv" for anything else.
absl::string_view OsvSource(absl::string_view id);

// Imports the document(s), one Record per OSV record. State: unfixed when a range is
// open-ended (its last event introduces versions that no fixed or last_affected ends), fixed
// otherwise. Entries of ecosystems Moat does not match are dropped and GIT ranges too; a
// record left with no entries (or without any, like GHSA's unreviewed advisories) is Skipped,
// as are RustSec informational advisories (unmaintained, unsound, notice). Wrong types, bad ids
// or versions, and events out of order (a closing event without an open introduced, or two
// introduced in a row) make the record Malformed.
void ParseOsvDocument(const Json& doc, FeedOutput* out);

}  // namespace moat::vulndb
