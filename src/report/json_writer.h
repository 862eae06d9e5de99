// Moat's own JSON report (schemaVersion 1): the image, OS, packages, vulnerabilities (with the
// database they came from), executables and warnings of a scan. The format is documented, with its
// stability promise, in docs/formats/scan-json.md.
#pragma once

#include <string>

#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

inline constexpr int kScanJsonSchemaVersion = 1;

// Renders `result` as pretty-printed JSON ending in a newline. Invalid UTF-8 in image-supplied
// strings is replaced by U+FFFD. Never fails.
std::string RenderJson(const ScanResult& result, const RenderOptions& options);

}  // namespace moat::report
