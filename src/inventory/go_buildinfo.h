// Go build information embedded in executables ("\xff Go buildinf:" blob): the toolchain
// version and the module list that `go version -m` prints. Format:
// docs/design/app-packages-go-java-rust.md.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "inventory/go_modinfo.h"

namespace moat::inventory {

// Finds and decodes the build info of a Go executable (ELF; PE and Mach-O with the Go 1.18+
// inline format). NotFound when `data` holds no build info (not a Go binary, or one that is
// not ELF with the pre-1.18 pointer format); InvalidArgument when the blob is found but broken.
absl::StatusOr<GoBuildInfo> ReadGoBuildInfo(absl::string_view data);

}  // namespace moat::inventory
