// API tokens of the center: random bearer secrets shown once, stored only as their SHA-256, and
// the parsing of "Authorization: Bearer <token>".
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::auth {

inline constexpr absl::string_view kTokenPrefix = "moat_";
// "moat_" + base64url (no padding) of 32 random bytes.
inline constexpr size_t kTokenSize = 5 + 43;

// A new token from the OpenSSL random generator; Internal when the generator fails.
absl::StatusOr<std::string> NewToken();

// True when `token` has the form NewToken returns (a cheap filter before any lookup).
bool LooksLikeToken(absl::string_view token);

// Lowercase hex SHA-256 of the token: what the store keeps and looks tokens up by.
std::string HashToken(absl::string_view token);

// The token of an Authorization header value "Bearer <token>" (scheme case-insensitive, spaces
// around the token ignored). Unauthenticated with a message for an empty header, another scheme
// or an empty or malformed token.
absl::StatusOr<std::string> ParseBearer(absl::string_view authorization_header);

}  // namespace moat::auth
