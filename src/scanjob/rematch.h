// Re-matching stored images when the vulnerability database changes: each image's stored
// inventory is matched again and its report's vulnerabilities and risk replaced, without pulling.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "scanjob/scan_env.h"

namespace moat::scanjob {

// For every image whose latest scan holds an inventory (store->ListRematchable()): reads the
// inventory (CycloneDX, report::ReadSbom), matches it against env.db_path and replaces the
// stored report's "vulnerabilities", "database" and "summary.vulnerabilities" (the rest of the
// report is kept as it was) and the image's risk. Returns how many images were re-matched.
// An image whose stored inventory or report does not parse is skipped. FailedPrecondition when
// there is no database at env.db_path; store and database errors stop the run. No HTTP.
absl::StatusOr<int> RematchAll(const ScanEnv& env);

// The stored report `report_json` with the vulnerability fields of `rendered` (a Moat JSON
// report of the new match) spliced in; key order is kept. Errors: either is not a JSON object.
absl::StatusOr<std::string> SpliceVulnerabilities(const std::string& report_json,
                                                  const std::string& rendered);

}  // namespace moat::scanjob
