// NuGet packages.lock.json: resolved packages per target framework (Direct, Transitive and
// CentralTransitive; Project references are the solution's own projects and are skipped).
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class NugetLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "nuget-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Packages de-duplicated across frameworks. NuGet locks do not mark dev-only packages.
  // Errors: invalid JSON, not an object.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
