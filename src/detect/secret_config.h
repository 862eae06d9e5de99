// Loading a secret scanning config: Moat's YAML (trivy-secret-config-like: rules, allow-rules,
// exclude-block, enable-builtin-rules, disable-rules, disable-allow-rules) or a gitleaks TOML
// file (by the ".toml" extension). Errors read "<file>:<line>: <why>".
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "detect/finding.h"  // NormalizeSeverity
#include "detect/secret_rule.h"
#include "platform/file_system.h"

namespace moat::detect {

inline constexpr size_t kMaxSecretConfigBytes = 4 << 20;

// Reads and parses `path` (YAML, or gitleaks TOML when it ends in ".toml"). Every regex is
// compiled once here so a bad one is reported with its line.
absl::StatusOr<SecretConfig> LoadSecretConfig(platform::FileSystem* fs, const std::string& path);

// The same on text already read; `name` is the file name used in messages and rule sources.
absl::StatusOr<SecretConfig> ParseSecretConfig(absl::string_view text, absl::string_view name);
absl::StatusOr<SecretConfig> ParseSecretConfigYaml(absl::string_view text, absl::string_view name);
// gitleaks (v8) TOML: [[rules]] with id, description, regex, secretGroup, entropy, keywords,
// path, [rules.allowlist] / [[rules.allowlists]]; global [allowlist] / [[allowlists]]. Without
// [extend] useDefault = true the file replaces Moat's built-in rules, as it replaces gitleaks'.
absl::StatusOr<SecretConfig> ParseGitleaksConfig(absl::string_view text, absl::string_view name);

}  // namespace moat::detect
