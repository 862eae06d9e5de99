// CycloneDX 1.5 JSON SBOM of a scan: the image as metadata.component (type container), the OS
// as an operating-system component, every package as a library component with its purl.
#pragma once

#include <string>

#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

// Renders `result` as a CycloneDX 1.5 JSON document. serialNumber is a name-based UUID of the
// image identity and scan time, so the same ScanResult always renders the same bytes (see
// docs/formats/sbom.md). Never fails.
std::string RenderCycloneDx(const ScanResult& result, const RenderOptions& options);

}  // namespace moat::report
