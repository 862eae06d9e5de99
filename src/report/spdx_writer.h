// SPDX 2.3 JSON SBOM of a scan: one package for the image, one for the OS and one per package,
// with purls as PACKAGE-MANAGER external references and CONTAINS relationships.
#pragma once

#include <string>

#include "report/render_options.h"
#include "report/scan_result.h"

namespace moat::report {

// Renders `result` as an SPDX 2.3 JSON document. SPDX ids use only letters, digits, '.' and
// '-' and are unique; license strings that are not valid SPDX expressions become LicenseRef-
// ids listed in hasExtractedLicensingInfos. documentNamespace embeds a name-based UUID of the
// image identity and scan time (reproducible output). Never fails.
std::string RenderSpdx(const ScanResult& result, const RenderOptions& options);

}  // namespace moat::report
