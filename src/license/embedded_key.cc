#include "license/embedded_key.h"

namespace moat::license {

absl::string_view EmbeddedPublicKeyPem() {
  // Generated 2026-11-28 with `openssl genpkey -algorithm ED25519`; the private half is offline.
  static constexpr char kPem[] =
      "-----BEGIN PUBLIC KEY-----\n"
      "MCowBQYDK2VwAyEAtZFbrPM8YYRIUTDdoeOleoSgCaw1OhaLl6KPBejruAs=\n"
      "-----END PUBLIC KEY-----\n";
  return kPem;
}

}  // namespace moat::license
