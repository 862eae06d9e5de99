// pip requirements files (requirements.txt, requirements-dev.txt, ...): the exact "==" pins.
// Ranges, URLs, editable installs, options and "-r"/"-c" includes are ignored.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class PipRequirementsCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "pip-requirements"; }
  // Files named requirements*.txt.
  bool Wants(const image::FileRecord& file) const override;
  // Manifest packages for every "name[extras] == version" line (comments, environment markers
  // and per-line options stripped, "\" continuations joined, UTF-16 with a BOM decoded). Wildcard
  // pins ("==2.*") and lines that are not requirements are skipped. Never fails.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
