// npm lock files: package-lock.json and npm-shrinkwrap.json, v1 (nested "dependencies") and
// v2/v3 ("packages" keyed by node_modules path). The hidden node_modules/.package-lock.json
// only mirrors what is installed and is left to the package.json cataloger.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class NpmLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "npm-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Registry packages of the lock, de-duplicated by name@version; "dev": true marks dev. Links,
  // workspace packages and the root project are skipped. Errors: invalid JSON, not an object.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
