// License signing over the shared Ed25519 key (common/ed25519_key.h).
#include "license/ed25519.h"

#include "common/ed25519_key.h"

namespace moat::license {

absl::StatusOr<KeyPair> GenerateKeyPair() {
  auto key = Ed25519Key::Generate();
  if (!key.ok()) return key.status();
  auto private_pem = (*key)->PrivatePem();
  if (!private_pem.ok()) return private_pem.status();
  auto public_pem = (*key)->PublicPem();
  if (!public_pem.ok()) return public_pem.status();
  return KeyPair{*std::move(private_pem), *std::move(public_pem)};
}

absl::StatusOr<std::string> Sign(absl::string_view message, absl::string_view private_key_pem) {
  auto key = Ed25519Key::FromPrivatePem(private_key_pem, "private key");
  if (!key.ok()) return key.status();
  return (*key)->Sign(message);
}

absl::Status Verify(absl::string_view message, absl::string_view signature,
                    absl::string_view public_key_pem) {
  auto key = Ed25519Key::FromPublicPem(public_key_pem, "public key");
  if (!key.ok()) return key.status();
  if (!(*key)->Verify(message, signature)) {
    return absl::PermissionDeniedError("signature does not match the public key");
  }
  return absl::OkStatus();
}

}  // namespace moat::license
