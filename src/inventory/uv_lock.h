// uv.lock (TOML): [[package]] with name, version and source; the project's own packages
// (editable, virtual or directory sources) are the roots whose dev-dependencies mark dev.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class UvLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "uv-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Every package that is not one of the project's own; dev when only the roots'
  // dev-dependencies reach it. Errors: invalid TOML.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
