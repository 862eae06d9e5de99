// The keys of signed database bundles: Ed25519 keys (common/ed25519_key.h), and writing a new
// key pair for `moat db keygen`.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/ed25519_key.h"

namespace moat::vulndb {

using BundleKey = Ed25519Key;

// Appended to the error for a key of another type.
inline constexpr absl::string_view kBundleKeyHint = "create one with `moat db keygen`";

// Generates a key pair and writes the private key (mode 0600) and the public key (0644) as PEM
// files; refuses to overwrite an existing private key file. Returns the new key's id.
absl::StatusOr<std::string> WriteNewKeyPair(const std::string& private_path,
                                            const std::string& public_path);

}  // namespace moat::vulndb
