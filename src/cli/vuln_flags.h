// The vulnerability side of `moat scan`: which database (--db, $MOAT_DB, the default path) and
// matching the inventory. What is shown and what fails the scan is policy_flags.h. See
// docs/design/matching.md.
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
  bool skip = false;            // --skip-vulns (also: --scanners without vuln)
  bool ignore_unfixed = false;  // --ignore-unfixed
};

void AddVulnFlags(CLI::App& sub, VulnFlags& flags);

// Matches `result.inventory` against the database and fills `result.database` and
// `result.vulnerabilities`. Without a database file at the default or $MOAT_DB path it warns
// once on ctx.err and leaves the result unchecked (exit 0: the inventory is still valid); a
// missing --db file, a missing database when --fail-on/--exit-code is set, or a database that
// cannot be opened or read is an error. `required`: the scan has a fail policy, so a missing
// default database is an error too.
absl::Status MatchVulnerabilities(Context& ctx, const VulnFlags& flags, bool quiet, bool required,
                                  report::ScanResult& result);

}  // namespace moat::cli
