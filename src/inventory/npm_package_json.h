// Installed npm packages: every package.json that states both a name and a version (those in
// node_modules and, as Trivy's node-pkg does, a project's own; see docs/design/app-packages.md).
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class NpmPackageJsonCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "npm-package-json"; }
  bool Wants(const image::FileRecord& file) const override;
  // One package, or none when the name or version is absent or not a plain version. Errors:
  // invalid JSON, a non-object document, an invalid package name.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
