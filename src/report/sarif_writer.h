// SARIF 2.1.0 for GitHub code scanning: one run whose rules are the vulnerabilities and finding
// rules of a scan and whose results point at files in the image. See docs/formats/sarif.md.
#pragma once

#include <cstddef>
#include <string>

#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

inline constexpr char kSarifVersion[] = "2.1.0";
inline constexpr char kSarifSchemaUri[] =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// What one run may hold. GitHub code scanning rejects a run with more than 25,000 results (or
// rules); each result references one rule, so capping results caps rules too.
struct SarifLimits {
  size_t max_results = 25000;
};

// Renders `result` as a SARIF log with one run, pretty-printed and ending in a newline. Results
// are sorted worst severity first; results beyond `limits.max_results` are left out (the least
// severe ones) and the run says how many. Output depends only on `result`. Never fails.
std::string RenderSarif(const ScanResult& result, const RenderOptions& options);
std::string RenderSarif(const ScanResult& result, const RenderOptions& options,
                        const SarifLimits& limits);

}  // namespace moat::report
