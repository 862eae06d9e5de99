// The Node.js security working group's npm advisories (nodejs/security-wg vuln/npm/<n>.json,
// the old NSP format): module_name, vulnerable_versions / patched_versions as npm semver
// ranges, cves, cvss_vector. One Advisory "NSWG-ECO-<id>" per file, source "npm-wg".
//
// Ranges: vulnerable_versions is converted to OSV SEMVER events where exact (ConvertNpmRange);
// a range that cannot be converted exactly is stored unchanged in AffectedPackage::versions as
// "npm-range:<range>" and the matcher evaluates it with NpmSatisfies(version, range).
// patched_versions only sets the state: none, "<0.0.0" or "<=0.0.0" mean unfixed.
#pragma once

#include "common/json.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// An object with "module_name" and "vulnerable_versions" (vuln/core/*.json, about Node.js
// itself, have neither and are not imported).
bool LooksLikeNpmWg(const Json& doc);

// Malformed: id not a positive integer, module_name or vulnerable_versions missing or not a
// string, cves not an array of strings.
void ParseNpmWg(const Json& doc, FeedOutput* out);

}  // namespace moat::vulndb
