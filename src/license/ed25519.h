// Ed25519 key pairs, signatures and verification for license files (OpenSSL 3 EVP only; no
// hand-written crypto).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::license {

inline constexpr size_t kSignatureSize = 64;

// PEM texts of one key pair: PKCS#8 "PRIVATE KEY" (unencrypted) and "PUBLIC KEY" (SPKI).
struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

// A fresh key pair from the OpenSSL random generator.
absl::StatusOr<KeyPair> GenerateKeyPair();

// The 64-byte signature of `message`. InvalidArgument when the PEM is not an unencrypted
// Ed25519 private key.
absl::StatusOr<std::string> Sign(absl::string_view message, absl::string_view private_key_pem);

// OK when `signature` is `message` signed by the key. InvalidArgument "public key: ..." when the
// PEM is not an Ed25519 public key; PermissionDenied "signature does not match the public key"
// when the signature is wrong (including a wrong size).
absl::Status Verify(absl::string_view message, absl::string_view signature,
                    absl::string_view public_key_pem);

}  // namespace moat::license
