// Recognising secrets in names and values of ENV, ARG, LABEL and command lines, and masking
// them for evidence. Shared by the config, history and Dockerfile checks.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace moat::detect {

// True for names that hold credentials: PASSWORD, DB_PASSWD, SECRET_KEY, GITHUB_TOKEN,
// API_KEY, PRIVATE_KEY, AWS_SECRET_ACCESS_KEY, ... (case-insensitive, any separator). Names
// that merely mention one (PASSWORD_FILE, TOKEN_URL, SECRET_PATH, *_LENGTH) are not secrets.
bool IsSecretName(absl::string_view name);

// True for values shaped like a known credential: AWS access key ids, GitHub/GitLab/Slack/
// Stripe/npm/PyPI/Google API tokens, private key blocks, JWTs.
bool LooksLikeCredential(absl::string_view value);

// True when a value could be a real secret: not empty, not a variable reference ("$X",
// "${X}"), not a placeholder ("changeme", "<token>", "xxx", "-" for stdin, "true", ...).
bool IsSecretValue(absl::string_view value);

// A masked rendering: "****", or the first 4 characters and "****" for a value shaped like a
// known credential of 16 or more characters ("ghp_abc..." -> "ghp_****"), to name its kind.
std::string MaskSecret(absl::string_view value);

}  // namespace moat::detect
