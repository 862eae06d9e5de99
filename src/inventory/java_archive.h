// Cataloger for Java archives (jar, war, ear, par, jpi, hpi): Maven coordinates from
// pom.properties, MANIFEST.MF or the file name, recursing into nested archives with limits.
#pragma once

#include <cstdint>

#include "inventory/cataloger.h"

namespace moat::inventory {

struct JavaArchiveLimits {
  int max_depth = 4;  // archives inside archives inside ... the file itself is depth 0
  // Total bytes all nested archives of one file may inflate to, as a multiple of the per-entry
  // limit (FileInput::max_file_size).
  int64_t budget_factor = 2;
  int64_t max_metadata_size = 1 << 20;  // pom.properties, MANIFEST.MF
};

class JavaArchiveCataloger : public Cataloger {
 public:
  JavaArchiveCataloger() = default;
  explicit JavaArchiveCataloger(JavaArchiveLimits limits) : limits_(limits) {}

  absl::string_view name() const override { return "java-archive"; }
  // Regular files named *.jar, *.war, *.ear, *.par, *.jpi, *.hpi (any case).
  bool Wants(const image::FileRecord& file) const override;
  // Not a zip: an error. Problems with nested archives (corrupt, too large, too deep, over the
  // budget) become warnings naming the file and the inner path; the rest is still reported.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;

 private:
  JavaArchiveLimits limits_;
};

// Whether `path` names a Java archive by its extension.
bool IsJavaArchiveName(absl::string_view path);

}  // namespace moat::inventory
