// Cataloger for Go executables: the modules compiled in (from the build info), the main module
// when it has a version, and the Go toolchain as package "stdlib".
#pragma once

#include <vector>

#include "inventory/cataloger.h"
#include "inventory/go_modinfo.h"

namespace moat::inventory {

class GoBinaryCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "go-binary"; }
  // Every executable regular file large enough to hold an ELF header.
  bool Wants(const image::FileRecord& file) const override;
  // Not a Go binary: no packages, OK. Build info found but broken: an error.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

// The packages of decoded build info (exposed for tests).
std::vector<Package> GoBuildInfoPackages(const GoBuildInfo& info);

// "go1.19.8" => "v1.19.8", "go1.20" => "v1.20.0", "go1.21rc2" => "v1.21.0-rc.2"; "" for devel
// toolchains and anything else.
std::string GoToolchainVersion(absl::string_view go_version);

}  // namespace moat::inventory
