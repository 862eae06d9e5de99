// Installed Python distributions: *.dist-info/METADATA, *.egg-info/PKG-INFO, a bare *.egg-info
// file and an unzipped egg's EGG-INFO/PKG-INFO. RFC 822-style headers up to the first blank line.
#pragma once

#include "inventory/cataloger.h"

namespace moat::inventory {

class PythonMetadataCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "python-metadata"; }
  bool Wants(const image::FileRecord& file) const override;
  // One package named as written (the purl builder normalises). Licences: License-Expression,
  // else a one-line License other than UNKNOWN, else the "License ::" classifiers. Errors: no
  // Name or no Version header.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
