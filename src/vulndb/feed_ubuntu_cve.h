// The Ubuntu CVE tracker as vuln-list publishes it (one JSON file per CVE: Candidate, Priority,
// Patches {source package: {release: {Status, Note}}}). One Advisory per CVE, source "ubuntu".
#pragma once

#include "common/json.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// An object with "Candidate" and "Patches".
bool LooksLikeUbuntuCve(const Json& doc);

// Releases by codename ("jammy" → "ubuntu:22.04"); ESM streams ("trusty/esm",
// "esm-infra/xenial", "esm-apps/jammy") count for their release; "upstream", "devel", "snap",
// FIPS and other streams are dropped. Status: released (Note = the fixed version) → fixed;
// not-affected → not affected; DNE → dropped; ignored → will-not-fix, or end-of-life when the
// note says "end of life" or "end of standard support"; needed, needs-triage, pending, active,
// deferred → unfixed. Priority → severity and vendor severity ("untriaged" → unknown). A
// record without a valid Candidate or with wrong types is Malformed.
void ParseUbuntuCve(const Json& doc, FeedOutput* out);

}  // namespace moat::vulndb
