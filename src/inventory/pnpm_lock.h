// pnpm-lock.yaml: v5 keys ("/name/1.2.3_peer"), v6 keys ("/@scope/name@1.2.3(peer@1)") with a
// per-package "dev" flag, and v9 ("name@1.2.3" under "packages", the graph under "snapshots",
// dev-only derived from the importers' devDependencies).
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class PnpmLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "pnpm-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Packages of the last YAML document (pnpm 9.7+ writes its own tooling lock first). Local
  // directory packages are skipped. Errors: YAML syntax, size or nesting; no map document.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
