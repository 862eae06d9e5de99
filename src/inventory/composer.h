// PHP Composer: composer.lock ("packages", and "packages-dev" as dev) and the installed list
// vendor/composer/installed.json (v1: an array; v2: {"packages": [...]}).
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class ComposerLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "composer-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Errors: invalid JSON, not an object.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

class ComposerInstalledCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "composer-installed"; }
  // .../composer/installed.json.
  bool Wants(const image::FileRecord& file) const override;
  // Installed packages; dev packages are installed too and are not marked dev. Errors: invalid
  // JSON, neither an array nor an object with "packages".
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
