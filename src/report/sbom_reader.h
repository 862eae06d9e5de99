// Reading a stored SBOM back into an inventory, so `moat scan --sbom` can match it without the
// image: CycloneDX (1.4-1.6 JSON) and SPDX (2.2/2.3 JSON), written by Moat or by other tools
// (Trivy, Syft, cdxgen). Packages come from purls; source packages and locations from Moat's and
// Trivy's properties when present. The file is untrusted: bounded, never a crash.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "inventory/package.h"

namespace moat::report {

struct SbomInventory {
  std::string format;  // "cyclonedx" or "spdx"
  std::string name;    // what the SBOM describes (its main component / document name)
  inventory::Inventory inventory;
  int64_t skipped = 0;  // components without a purl, or with a purl Moat cannot match
};

// Parses `text` (the SBOM file `what`, for messages). The OS comes from an operating-system
// component (CycloneDX) or OPERATING-SYSTEM package (SPDX), else from the first OS package's
// `distro` qualifier. Errors: not JSON, neither CycloneDX nor SPDX, too many components.
absl::StatusOr<SbomInventory> ReadSbom(absl::string_view text, absl::string_view what);

}  // namespace moat::report
