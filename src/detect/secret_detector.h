// The secret detector: Moat's built-in rules and a config's rules on every text file of every
// layer (binary files, by content, and files over the size cap are skipped); findings carry
// the line with the secret masked. See docs/design/secrets.md.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "detect/detector.h"
#include "detect/secret_regex.h"
#include "detect/secret_rule.h"

namespace moat::detect {

// Compiles the rules `config` selects (see SecretConfig) into one detector; errors name the rule
// whose regex does not compile. The detector is immutable and thread-safe.
absl::StatusOr<std::unique_ptr<FileDetector>> NewSecretDetector(const SecretConfig& config);

// The rules and allow rules a detector built from `config` uses.
std::vector<SecretRule> EffectiveSecretRules(const SecretConfig& config);
std::vector<AllowRule> EffectiveAllowRules(const SecretConfig& config);

// A NUL byte, or mostly control bytes, in the first KiB.
bool LooksBinary(absl::string_view data);

// The line `line` of `text` with every part of `secrets` on it masked: up to 4 leading
// characters of a secret stay (none for short ones), the rest become '*'. Long lines are cut
// around the first secret; control bytes and invalid UTF-8 are replaced.
std::string MaskedExcerpt(absl::string_view text, TextSpan line,
                          const std::vector<TextSpan>& secrets);

}  // namespace moat::detect
