// The SecretBox key file in the data directory: created once with a random key and mode 0600,
// read on every start.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::auth {

// The key file's name inside the data directory.
inline constexpr absl::string_view kSecretKeyFileName = "secret.key";

// The 32 raw bytes in the file at `path`. When the file does not exist, a random key is written
// there with mode 0600 (through a temporary file and link(2), so concurrent callers agree on one
// key and no reader sees a partial file). The parent directory must exist. InvalidArgument when
// the file is not exactly 32 bytes; the errno text for I/O errors. Symlinks are not followed.
absl::StatusOr<std::string> LoadOrCreateKey(const std::string& path);

}  // namespace moat::auth
