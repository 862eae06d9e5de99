// The rules (reportingDescriptors) of Moat's SARIF run, one per vulnerability id or finding rule,
// and the severity words GitHub code scanning reads from them. Used by sarif_writer.cc.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "detect/finding.h"
#include "report/writer_util.h"
#include "vulndb/match.h"

namespace moat::report {

// SARIF level: "error" for critical and high, "warning" for medium, "note" for anything else.
std::string SarifLevel(absl::string_view severity);

// GitHub's security-severity score as a string: "9.5" critical, "8.0" high, "5.5" medium,
// "2.0" low, "1.0" negligible, "" (left out) for unknown words.
std::string SecuritySeverity(absl::string_view severity);
// The CVSS base score ("7.5") when the vulnerability's severity was derived from it, else the
// score of its severity word, so GitHub shows the severity every other Moat report shows.
std::string SecuritySeverity(const vulndb::Vulnerability& v);

// What can be done: "fixed in 4.17.21: upgrade lodash to 4.17.21", "no fix yet",
// "will-not-fix" (the fix state when there is no fixed version).
std::string SarifFixText(const vulndb::Vulnerability& v);

// An http(s) URL without spaces, control characters or quotes (what helpUri may hold).
bool IsSarifUrl(absl::string_view url);

// The rule for one vulnerability id; `group` holds every reported vulnerability with that id,
// worst first (non-empty).
OrderedJson VulnerabilityRule(const std::vector<const vulndb::Vulnerability*>& group);

// The rule for one finding rule id; `group` holds every reported finding of that rule, worst
// first (non-empty).
OrderedJson FindingRule(const std::vector<const detect::Finding*>& group);

}  // namespace moat::report
