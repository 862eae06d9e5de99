// The one-screen summary a person in CI reads at the end of `moat scan`: counts per category and
// severity, and the most urgent fixes.
#pragma once

#include <string>

#include "report/scan_result.h"

namespace moat::report {

struct SummaryOptions {
  bool color = false;  // ANSI colours for the severity columns (a terminal)
  size_t top_fixes = 5;
};

// "Summary: <image>", a table of categories × severities (categories that were checked, with
// "not checked" listing the others), and up to `top_fixes` fixes, most urgent first.
std::string RenderSummary(const ScanResult& result, const SummaryOptions& options = {});

}  // namespace moat::report
