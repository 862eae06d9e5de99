// Moat's production license public key, compiled in. Licenses sold to customers are signed by
// its private key, which is kept offline and is never in this repository.
#pragma once

#include "absl/strings/string_view.h"

namespace moat::license {

// The Ed25519 public key (SubjectPublicKeyInfo PEM) that production licenses verify against.
absl::string_view EmbeddedPublicKeyPem();

}  // namespace moat::license
