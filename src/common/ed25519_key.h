// Ed25519 keys (OpenSSL 3 EVP): generate, load from PEM, sign, verify, and the key id a signed
// file names its signer by. Database bundles and license files are signed with them.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat {

inline constexpr size_t kEd25519SignatureSize = 64;

// An Ed25519 private or public key. Immutable; thread-safe.
class Ed25519Key {
 public:
  ~Ed25519Key();
  Ed25519Key(const Ed25519Key&) = delete;
  Ed25519Key& operator=(const Ed25519Key&) = delete;

  // A fresh private key.
  static absl::StatusOr<std::unique_ptr<Ed25519Key>> Generate();
  // PKCS#8 "PRIVATE KEY" PEM (unencrypted) or "PUBLIC KEY" (SubjectPublicKeyInfo) PEM; any
  // other key type is refused. `what` names the source in errors; `hint` is appended to the
  // error for a key of another type (how to make the right one).
  static absl::StatusOr<std::unique_ptr<Ed25519Key>> FromPrivatePem(absl::string_view pem,
                                                                    absl::string_view what,
                                                                    absl::string_view hint = "");
  static absl::StatusOr<std::unique_ptr<Ed25519Key>> FromPublicPem(absl::string_view pem,
                                                                   absl::string_view what,
                                                                   absl::string_view hint = "");

  bool has_private() const { return has_private_; }
  absl::StatusOr<std::string> PrivatePem() const;
  absl::StatusOr<std::string> PublicPem() const;
  // "sha256:" + hex SHA-256 of the DER SubjectPublicKeyInfo (what
  // `openssl pkey -pubin -outform DER | sha256sum` prints).
  const std::string& key_id() const { return key_id_; }

  // 64-byte signature over `message`; needs a private key.
  absl::StatusOr<std::string> Sign(absl::string_view message) const;
  // True when `signature` is a valid signature of `message` by this key.
  bool Verify(absl::string_view message, absl::string_view signature) const;

 private:
  struct Impl;
  explicit Ed25519Key(std::unique_ptr<Impl> impl, bool has_private);
  static absl::StatusOr<std::unique_ptr<Ed25519Key>> Wrap(void* pkey, bool has_private,
                                                          absl::string_view what,
                                                          absl::string_view hint);
  std::unique_ptr<Impl> impl_;
  bool has_private_;
  std::string key_id_;
};

}  // namespace moat
