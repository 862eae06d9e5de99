// Cataloger for Cargo.lock (every format: v1 with [metadata] checksums, v2, v3, v4): one package
// per [[package]] entry, workspace members included, as Trivy reports them.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

struct CargoLock {
  std::vector<Package> packages;
  std::vector<std::string> problems;  // entries skipped, e.g. "package 3 has no version"
};

// Parses the TOML (toml++, its exceptions caught here). InvalidArgument with the line and column
// for invalid TOML or a "package" key that is not an array of tables.
absl::StatusOr<CargoLock> ParseCargoLock(absl::string_view text);

class CargoLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "cargo-lock"; }
  bool Wants(const image::FileRecord& file) const override;  // regular files named Cargo.lock
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
