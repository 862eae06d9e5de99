// Cataloger for go.sum: the modules whose code was downloaded for the build.
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

// Modules with a content hash line ("path version h1:..."); lines for a go.mod file only
// ("path version/go.mod h1:...") are skipped: only that module's go.mod was read, none of its
// code is in the build. When a module has several versions, the last one listed (go sorts them
// ascending) is kept. InvalidArgument naming the line for lines without three fields.
absl::StatusOr<std::vector<Package>> ParseGoSum(absl::string_view text);

class GoSumCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "go-sum"; }
  bool Wants(const image::FileRecord& file) const override;  // regular files named go.sum
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
