// Red Hat CSAF 2.0: security advisories (RHSA documents, csaf_security_advisory) and per-CVE
// VEX documents (csaf_vex). One Advisory part per CVE, source "redhat", package = the source
// rpm ("<module>:<stream>::<name>" for modular rpms), distro "rhel:<major>".
#pragma once

#include "common/json.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// An object whose "document" has "csaf_version".
bool LooksLikeCsaf(const Json& doc);

// States per product: product_status fixed / first_fixed → fixed at the product's EVR;
// known_not_affected → not affected; known_affected → unfixed, refined by remediations
// (no_fix_planned: will-not-fix, or end-of-life when its details say "Out of support scope";
// none_available: unfixed; vendor_fix: fixed). Documents without product_status use the
// remediations alone. Products that are not rpms on RHEL (enterprise_linux or rhel_els CPEs)
// are dropped; EUS/AUS/E4S/TUS streams too. Where a fix lists source rpms only those count;
// otherwise each binary is mapped to its source rpm (CsafProducts::SourceName). Severity:
// the "impact" threat (Important → high, Moderate → medium); CVSS vectors from scores.
// A vulnerability without a CVE id is Skipped; one with wrong types is Malformed.
void ParseCsaf(const Json& doc, FeedOutput* out);

}  // namespace moat::vulndb
