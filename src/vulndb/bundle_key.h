// Ed25519 keys for signed database bundles (OpenSSL 3 EVP): generate, load from PEM, sign,
// verify, and the key id that a bundle manifest names its signer by.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

inline constexpr size_t kEd25519SignatureSize = 64;

// An Ed25519 private or public key. Immutable; thread-safe.
class BundleKey {
 public:
  ~BundleKey();
  BundleKey(const BundleKey&) = delete;
  BundleKey& operator=(const BundleKey&) = delete;

  // A fresh private key.
  static absl::StatusOr<std::unique_ptr<BundleKey>> Generate();
  // PKCS#8 "PRIVATE KEY" PEM (unencrypted) or "PUBLIC KEY" (SubjectPublicKeyInfo) PEM; any
  // other key type is refused. `what` names the source in errors.
  static absl::StatusOr<std::unique_ptr<BundleKey>> FromPrivatePem(absl::string_view pem,
                                                                   absl::string_view what);
  static absl::StatusOr<std::unique_ptr<BundleKey>> FromPublicPem(absl::string_view pem,
                                                                  absl::string_view what);

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
  explicit BundleKey(std::unique_ptr<Impl> impl, bool has_private);
  static absl::StatusOr<std::unique_ptr<BundleKey>> Wrap(void* pkey, bool has_private,
                                                         absl::string_view what);
  std::unique_ptr<Impl> impl_;
  bool has_private_;
  std::string key_id_;
};

// Generates a key pair and writes the private key (mode 0600) and the public key (0644) as PEM
// files; refuses to overwrite an existing private key file. Returns the new key's id.
absl::StatusOr<std::string> WriteNewKeyPair(const std::string& private_path,
                                            const std::string& public_path);

}  // namespace moat::vulndb
