// Content checks of the sensitive-file detector: each says whether a file's bytes hold what
// makes it sensitive (an unencrypted key, a credential value, password hashes, rows of data)
// and where, with an excerpt whose values are masked.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace moat::detect {

struct SensitiveHit {
  int line = 0;          // 1-based; 0 when the whole file is the evidence
  std::string excerpt;   // never a secret value
  std::string severity;  // overrides the rule's when set
};

using SensitiveCheck = std::optional<SensitiveHit> (*)(absl::string_view data);

std::optional<SensitiveHit> CheckUnencryptedPrivateKey(absl::string_view data);
std::optional<SensitiveHit> CheckEncryptedPrivateKey(absl::string_view data);
std::optional<SensitiveHit> CheckAwsCredentials(absl::string_view data);
std::optional<SensitiveHit> CheckGcloudCredentials(absl::string_view data);
std::optional<SensitiveHit> CheckAzureTokens(absl::string_view data);
std::optional<SensitiveHit> CheckKubeconfig(absl::string_view data);
std::optional<SensitiveHit> CheckDockerConfig(absl::string_view data);
std::optional<SensitiveHit> CheckNpmrc(absl::string_view data);
std::optional<SensitiveHit> CheckPypirc(absl::string_view data);
std::optional<SensitiveHit> CheckGitCredentials(absl::string_view data);
std::optional<SensitiveHit> CheckShadow(absl::string_view data);
std::optional<SensitiveHit> CheckDotenv(absl::string_view data);
std::optional<SensitiveHit> CheckSqlDump(absl::string_view data);
std::optional<SensitiveHit> CheckSqliteDatabase(absl::string_view data);
std::optional<SensitiveHit> CheckKeystore(absl::string_view data);

// Whether an OpenSSH private key (the PEM-armoured "openssh-key-v1" blob) names a cipher other
// than "none"; false when it cannot be decoded.
bool OpenSshKeyEncrypted(absl::string_view pem);

}  // namespace moat::detect
