// The human summary of a scan: image and OS lines, packages grouped by ecosystem in aligned
// columns, totals, warnings. Plain text, stable order, for terminals and CI logs.
#pragma once

#include <string>

#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

// Renders `result` as text ending in a newline. Control characters in image-supplied strings
// are replaced by '?' so a hostile image cannot drive the reader's terminal. Never fails.
std::string RenderTable(const ScanResult& result, const RenderOptions& options);

}  // namespace moat::report
