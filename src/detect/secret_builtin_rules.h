// Moat's built-in secret rules and allow rules (rule ids are stable across versions).
// See docs/design/secrets.md for the list and how it relates to Trivy's and gitleaks' rules.
#pragma once

#include <vector>

#include "detect/secret_rule.h"

namespace moat::detect {

// Every built-in rule, source "moat". The table is compiled once per SecretEngine.
std::vector<SecretRule> BuiltinSecretRules();

// Paths and matches that are not secrets in images: package metadata, tests, examples,
// vendored code, documentation, distribution directories.
std::vector<AllowRule> BuiltinAllowRules();

// The fix suggestion of every secret finding.
inline constexpr char kSecretFix[] =
    "rotate the credential and remove it from the image; pass it at runtime via a secret store";

}  // namespace moat::detect
