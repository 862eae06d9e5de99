// yarn.lock, both yarn v1 ("# yarn lockfile v1", custom format) and berry (YAML with
// __metadata and "resolution"), read by one line parser: both keep one entry per unindented
// header and its fields two spaces in.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class YarnLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "yarn-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // Registry ("npm:" or no protocol) packages, de-duplicated; workspace, patch, git, file,
  // link and URL entries are skipped, unknown protocols with a warning. yarn.lock does not say
  // what is dev-only. Errors: an unindented line that is not an entry header.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
