// The vulnerabilities section of the table report: findings grouped by package (worst first),
// with severity counts, state, fixed version and one fix suggestion per package.
#pragma once

#include <string>

#include "report/scan_result.h"

namespace moat::report {

// Appends the section: "Vulnerabilities: not checked" without a database, a count line, and
// one block per affected package. Control characters from feeds and images print as '?'.
void AppendVulnerabilities(const ScanResult& result, std::string* out);

}  // namespace moat::report
