// Cataloger for go.mod: the required modules, with replace directives applied.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

struct GoModFile {
  std::string module;  // the main module's path
  struct Require {
    std::string path, version;
    bool indirect = false;  // marked "// indirect"
  };
  struct Replace {
    std::string old_path, old_version;  // old_version empty: every version
    std::string new_path, new_version;  // new_version empty: a local directory
  };
  std::vector<Require> required;
  std::vector<Replace> replaces;
};

// Parses go.mod syntax: single-line and block directives, comments, quoted paths. Directives
// other than module, require and replace are skipped. InvalidArgument naming the line otherwise.
absl::StatusOr<GoModFile> ParseGoMod(absl::string_view text);

// The required modules after replacements: a replaced module takes the replacement's path and
// version; a module replaced by a local directory is dropped.
std::vector<Package> GoModPackages(const GoModFile& mod);

class GoModCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "go-mod"; }
  bool Wants(const image::FileRecord& file) const override;  // regular files named go.mod
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
