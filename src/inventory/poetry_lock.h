// poetry.lock (TOML): [[package]] with name and version; development-only through
// `category = "dev"` (Poetry < 1.5) or `groups` without "main" (Poetry 2).
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class PoetryLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "poetry-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Every package except local directories (source type "directory"). Errors: invalid TOML.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
