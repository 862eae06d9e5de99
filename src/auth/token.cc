#include "auth/token.h"

#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace moat::auth {
namespace {

constexpr size_t kTokenRandomBytes = 32;

bool IsBase64UrlChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

}  // namespace

absl::StatusOr<std::string> NewToken() {
  unsigned char bytes[kTokenRandomBytes];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1) {
    return absl::InternalError("generating a token: the random generator failed");
  }
  return absl::StrCat(kTokenPrefix, absl::WebSafeBase64Escape(absl::string_view(
                                        reinterpret_cast<char*>(bytes), sizeof(bytes))));
}

bool LooksLikeToken(absl::string_view token) {
  if (token.size() != kTokenSize || !absl::StartsWith(token, kTokenPrefix)) return false;
  for (char c : token.substr(kTokenPrefix.size())) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

std::string HashToken(absl::string_view token) { return Sha256Hex(token); }

absl::StatusOr<std::string> ParseBearer(absl::string_view authorization_header) {
  absl::string_view value = absl::StripAsciiWhitespace(authorization_header);
  if (value.empty()) return absl::UnauthenticatedError("missing the Authorization header");
  constexpr absl::string_view kScheme = "bearer";
  if (value.size() <= kScheme.size() || !absl::StartsWithIgnoreCase(value, kScheme) ||
      (value[kScheme.size()] != ' ' && value[kScheme.size()] != '\t')) {
    return absl::UnauthenticatedError("the Authorization header must be \"Bearer <token>\"");
  }
  absl::string_view token = absl::StripAsciiWhitespace(value.substr(kScheme.size()));
  for (char c : token) {
    if (c <= ' ' || c >= 0x7f) {
      return absl::UnauthenticatedError("the bearer token holds spaces or control characters");
    }
  }
  if (token.empty()) return absl::UnauthenticatedError("the bearer token is empty");
  return std::string(token);
}

}  // namespace moat::auth
