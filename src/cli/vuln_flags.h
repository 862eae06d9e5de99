// The vulnerability side of `moat scan`: which database (--db, $MOAT_DB, the default path),
// matching the inventory, what is shown (--severity) and when the scan fails (--fail-on,
// --exit-code). See docs/design/matching.md.
#pragma once

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "cli/context.h"
#include "report/scan_result.h"

namespace moat::cli {

struct VulnFlags {
  std::string db;               // --db; "" means $MOAT_DB or the default path
  bool skip = false;            // --skip-vulns
  std::string severity;         // --severity: comma-separated severities to show; "" all
  std::string fail_on;          // --fail-on: lowest severity that fails the scan
  int exit_code = -1;           // --exit-code: the code for a failed scan (-1: not given)
  bool ignore_unfixed = false;  // --ignore-unfixed
};

void AddVulnFlags(CLI::App& sub, VulnFlags& flags);

// Usage errors in the flag values (unknown severity, exit code out of range), before any work.
absl::Status ValidateVulnFlags(const VulnFlags& flags);

// Matches `result.inventory` against the database and fills `result.database` and
// `result.vulnerabilities`. Without a database file at the default or $MOAT_DB path it warns
// once on ctx.err and leaves the result unchecked (exit 0: the inventory is still valid); a
// missing --db file, a missing database when --fail-on/--exit-code is set, or a database that
// cannot be opened or read is an error.
absl::Status MatchVulnerabilities(Context& ctx, const VulnFlags& flags, bool quiet,
                                  report::ScanResult& result);

// Keeps only the findings --severity shows.
void FilterShownSeverities(const VulnFlags& flags, std::vector<vulndb::Vulnerability>& findings);

// kExitOk, or the failing exit code (--exit-code, default 1) when a finding at or above
// --fail-on exists among `findings` (every finding when only --exit-code is given).
int PolicyExitCode(const VulnFlags& flags, const std::vector<vulndb::Vulnerability>& findings);

}  // namespace moat::cli
