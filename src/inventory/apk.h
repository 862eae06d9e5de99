// Alpine, Wolfi and Chainguard packages: apk's installed database.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

// /lib/apk/db/installed (and /usr/lib/apk/db/installed of apk-tools 3): stanzas of "X:value"
// lines separated by blank lines. P name, V version, A arch, L licence, o origin (source
// package); F:<dir> then R:<file> lines give owned files "/<dir>/<file>". Stanzas without P or
// V are skipped with a warning, so are later stanzas repeating a name. Fails only when the
// file has malformed lines and no package at all.
class ApkCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "apk"; }
  bool Wants(const image::FileRecord& file) const override;
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

// The licences of an "L:" value: SPDX expressions ("MIT AND BSD-2-Clause") and the older
// space-separated lists ("GPL2+ MPL 2.0") alike, operators and parentheses dropped, each
// name normalized (license_names.h).
std::vector<std::string> ApkLicenses(absl::string_view value);

}  // namespace moat::inventory
