// The risk summary of a Moat JSON report (docs/formats/scan-json.md): counts per category and
// severity, shared by the scan worker, the re-matcher and the server's report ingest.
#pragma once

#include <vector>

#include "common/json.h"
#include "store/store.h"

namespace moat::scanjob {

// Counts of the report's vulnerabilities (category "vulnerability"; fixable when a fixed version
// exists) and other findings (their "category"), per category and severity ("unknown" when
// absent), sorted by category then severity. Fields of the wrong type are skipped.
std::vector<store::RiskCount> RiskFromReport(const Json& report);

}  // namespace moat::scanjob
