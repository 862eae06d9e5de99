// CycloneDX 1.5 `vulnerabilities` for a scan's findings: id and source, the other ids as
// references, ratings (CVSS with its method, plus the vendor's or feed's own rating), the fix
// as recommendation, reference URLs as advisories, and the affected component by bom-ref.
#pragma once

#include <functional>
#include <string>

#include "report/scan_result.h"
#include "report/writer_util.h"

namespace moat::report {

// `ref_of` gives the bom-ref of the component a finding was found in ("" when none: the finding
// is then written without `affects`).
OrderedJson CycloneDxVulnerabilities(
    const std::vector<vulndb::Vulnerability>& vulnerabilities,
    const std::function<std::string(const vulndb::Vulnerability&)>& ref_of);

}  // namespace moat::report
