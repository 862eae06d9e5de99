// Bundler lock files (Gemfile.lock, gems.locked): the gems of the GEM sections' "specs:" lists.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class BundlerLockCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "bundler-lock"; }
  bool Wants(const image::FileRecord& file) const override;
  // "    name (version[-platform])" lines, four spaces in, of GEM sections; GIT and PATH gems
  // (not from a registry) are skipped. Bundler does not record dev-only gems. Errors: none of
  // the GEM, GIT, PATH or DEPENDENCIES sections.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
