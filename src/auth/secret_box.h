// Encryption of secrets the center must store and use again (registry passwords and tokens):
// AES-256-GCM with a key kept in a file of the data directory. The store only sees the output.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::auth {

inline constexpr size_t kSecretKeySize = 32;

// Seals and opens secrets with one 32-byte key. Immutable after creation; thread-safe.
class SecretBox {
 public:
  // InvalidArgument unless `key` is exactly 32 bytes.
  static absl::StatusOr<SecretBox> Create(absl::string_view key);

  SecretBox(SecretBox&& other) noexcept;
  SecretBox& operator=(SecretBox&& other) noexcept;
  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  ~SecretBox();  // wipes the key

  // "v1:" + base64(12-byte random nonce | ciphertext | 16-byte tag). Each call uses a fresh
  // nonce, so sealing the same text twice gives different outputs.
  absl::StatusOr<std::string> Seal(absl::string_view plaintext) const;

  // The plaintext of a Seal output. InvalidArgument for text that is not a sealed secret;
  // PermissionDenied "secret: cannot decrypt: wrong key or tampered data" when authentication
  // fails. Never returns unauthenticated bytes.
  absl::StatusOr<std::string> Open(absl::string_view sealed) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

}  // namespace moat::auth
