// Installed Ruby gems: the *.gemspec files RubyGems writes under specifications/. Read by
// scanning the `s.name = "x"` style assignments for string literals; the Ruby is never run.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class GemspecCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "gemspec"; }
  // *.gemspec files inside a specifications/ directory (default/ gems included).
  bool Wants(const image::FileRecord& file) const override;
  // One gem from the `<var>.name`, `<var>.version` (also Gem::Version.new("...")) and
  // `<var>.license(s)` assignments of the `Gem::Specification.new do |<var>|` block. Errors: no
  // such block, or no name or version assigned.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
