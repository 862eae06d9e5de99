// Pipfile.lock (pipenv): JSON with "default" and "develop" sections of "==" pinned versions.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class PipenvLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "pipenv-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // "default" packages, and "develop" ones as dev; entries without a pinned version (VCS,
  // editable) are skipped. Errors: invalid JSON, not an object.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
