// Secrets and TLS switches in build commands: NAME=value assignments, --password style flags,
// user:password@ URLs and credential-shaped words. Used by history_checks.cc.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "detect/history_checks.h"

namespace moat::detect {

// Appends one masked excerpt per command carrying a secret (and per secret build argument).
void CheckCommandSecrets(const RunScript& script, std::vector<std::string>* out);

// "NAME=value" holding a secret: a secret name with a real value, or a credential-shaped value.
bool SecretAssignment(absl::string_view assignment);

// "NAME=value" switching TLS verification off: GIT_SSL_NO_VERIFY=1,
// NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0, NPM_CONFIG_STRICT_SSL=false.
bool InsecureTlsAssignment(absl::string_view assignment);

// "NAME=****" (value masked).
std::string MaskedAssignment(absl::string_view assignment);

}  // namespace moat::detect
