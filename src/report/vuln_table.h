// The vulnerabilities section of the table report: findings grouped by package (worst first),
// with severity counts, state, fixed version and one fix suggestion per package.
#pragma once

#include <string>
#include <vector>

#include "common/severity.h"
#include "report/scan_result.h"

namespace moat::report {

// One fix suggestion and what following it fixes.
struct FixSuggestion {
  std::string fix;                // "upgrade lodash to 4.17.21"
  int worst_rank = kUnknownRank;  // SeverityRank of the worst finding it fixes
  int count = 0;                  // findings it fixes
  std::string counts;             // "high 2, medium 1"
};

// One suggestion per vulnerable package that has a fix (the fix of its highest fixed version),
// most urgent first: worst severity, then most findings, then the text.
std::vector<FixSuggestion> VulnerabilityFixes(
    const std::vector<vulndb::Vulnerability>& vulnerabilities);

// "high 2, medium 1": the non-zero counts of `severities`, worst first.
std::string SeverityCounts(const std::vector<std::string>& severities);

// Appends the section: "Vulnerabilities: not checked" without a database, a count line, and
// one block per affected package. Control characters from feeds and images print as '?'.
void AppendVulnerabilities(const ScanResult& result, std::string* out);

}  // namespace moat::report
