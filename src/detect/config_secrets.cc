#include "detect/config_secrets.h"

#include <initializer_list>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::detect {
namespace {

// Upper-case tokens of a name: split at separators and camelCase humps ("dbPassword" ->
// DB, PASSWORD).
std::vector<std::string> NameTokens(absl::string_view name) {
  std::vector<std::string> tokens(1);
  char prev = 0;
  for (char c : name) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (!absl::ascii_isalnum(u)) {
      if (!tokens.back().empty()) tokens.emplace_back();
    } else {
      if (absl::ascii_isupper(u) && absl::ascii_islower(static_cast<unsigned char>(prev)) &&
          !tokens.back().empty()) {
        tokens.emplace_back();
      }
      tokens.back().push_back(absl::ascii_toupper(u));
    }
    prev = c;
  }
  if (tokens.back().empty()) tokens.pop_back();
  return tokens;
}

bool OneOf(absl::string_view word, std::initializer_list<absl::string_view> set) {
  for (absl::string_view s : set) {
    if (word == s) return true;
  }
  return false;
}

// Names ending like these hold a reference to a secret or a setting about it, not the secret.
bool IsNonSecretSuffix(absl::string_view last) {
  return OneOf(last, {"FILE",     "PATH",     "DIR",    "URL",      "URI",         "LENGTH",
                      "LEN",      "TTL",      "EXPIRY", "EXPIRES",  "EXPIRATION",  "TIMEOUT",
                      "NAME",     "TYPE",     "HEADER", "ENDPOINT", "SIZE",        "MODE",
                      "ENABLED",  "ENABLE",   "REF",    "HOST",     "PORT",        "USER",
                      "USERNAME", "ID",       "PREFIX", "FORMAT",   "METHOD",      "ALGORITHM",
                      "VERSION",  "LOCATION", "REGION", "COUNT",    "PARALLELISM", "LIMIT"});
}

bool IsSecretToken(absl::string_view t) {
  return OneOf(t, {"PASSWORD", "PASSWD", "PASSPHRASE", "PWD", "SECRET", "SECRETS", "TOKEN",
                   "APIKEY", "CREDENTIAL", "CREDENTIALS", "PRIVATEKEY", "ACCESSKEY"});
}

bool IsSecretPair(absl::string_view a, absl::string_view b) {
  return b == "KEY" && OneOf(a, {"API", "PRIVATE", "ACCESS", "AUTH", "ENCRYPTION", "SIGNING",
                                 "MASTER", "SECRET", "CLIENT"});
}

bool InSet(char c, absl::string_view extra) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         extra.find(c) != absl::string_view::npos;
}

// `prefix` at a token start in `value`, followed by at least `min` characters of [A-Za-z0-9] and
// `extra`.
bool HasToken(absl::string_view value, absl::string_view prefix, size_t min,
              absl::string_view extra = "") {
  for (size_t at = value.find(prefix); at != absl::string_view::npos;
       at = value.find(prefix, at + 1)) {
    if (at > 0 && InSet(value[at - 1], "")) continue;
    size_t n = 0;
    for (size_t i = at + prefix.size(); i < value.size() && InSet(value[i], extra); ++i) ++n;
    if (n >= min) return true;
  }
  return false;
}

bool HasAwsKeyId(absl::string_view value) {
  for (absl::string_view prefix : {"AKIA", "ASIA"}) {
    for (size_t at = value.find(prefix); at != absl::string_view::npos;
         at = value.find(prefix, at + 1)) {
      if (at > 0 && InSet(value[at - 1], "")) continue;
      size_t n = 0;
      for (size_t i = at + 4; i < value.size(); ++i, ++n) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (!absl::ascii_isupper(c) && !absl::ascii_isdigit(c)) break;
      }
      const size_t end = at + 4 + n;
      if (n == 16 && (end == value.size() || !InSet(value[end], ""))) return true;
    }
  }
  return false;
}

// Three base64url parts separated by dots, the first one a JSON object ("eyJ").
bool IsJwt(absl::string_view value) {
  size_t at = value.find("eyJ");
  if (at == absl::string_view::npos) return false;
  int parts = 1;
  size_t run = 0;
  for (size_t i = at; i < value.size(); ++i) {
    char c = value[i];
    if (c == '.') {
      if (run < 10) return false;
      ++parts;
      run = 0;
    } else if (InSet(c, "-_=")) {
      ++run;
    } else {
      break;
    }
  }
  return parts == 3 && run >= 10;
}

}  // namespace

bool IsSecretName(absl::string_view name) {
  std::vector<std::string> t = NameTokens(name);
  if (t.empty()) return false;
  if (t.size() == 1 && t[0] == "PWD") return false;  // the shell's working directory
  if (t.size() >= 3 && t[t.size() - 3] == "ACCESS" && t[t.size() - 2] == "KEY" &&
      t.back() == "ID") {
    return true;  // AWS_ACCESS_KEY_ID
  }
  if (IsNonSecretSuffix(t.back())) return false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == "OLDPWD") return false;
    if (IsSecretToken(t[i])) return true;
    if (i + 1 < t.size() && IsSecretPair(t[i], t[i + 1])) return true;
  }
  return false;
}

bool LooksLikeCredential(absl::string_view value) {
  if (value.size() < 16) return false;
  if (HasAwsKeyId(value) || IsJwt(value)) return true;
  if (absl::StrContains(value, "-----BEGIN") && absl::StrContains(value, "PRIVATE KEY")) {
    return true;
  }
  for (absl::string_view gh : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (HasToken(value, gh, 36)) return true;
  }
  return HasToken(value, "github_pat_", 22, "_") || HasToken(value, "glpat-", 20, "_-") ||
         HasToken(value, "xoxb-", 10, "-") || HasToken(value, "xoxp-", 10, "-") ||
         HasToken(value, "xoxa-", 10, "-") || HasToken(value, "sk_live_", 16) ||
         HasToken(value, "rk_live_", 16) || HasToken(value, "npm_", 36) ||
         HasToken(value, "pypi-AgEIcHlwaS5vcmc", 16, "_-") || HasToken(value, "AIza", 35, "_-") ||
         HasToken(value, "sk-", 40, "_-") || HasToken(value, "hf_", 34);
}

bool IsSecretValue(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  if (value.empty() || value[0] == '$' || value == "-") return false;
  if (value.front() == '<' && value.back() == '>') return false;
  std::string lower = absl::AsciiStrToLower(value);
  if (OneOf(lower, {"true", "false", "yes", "no", "0", "1", "none", "null", "nil", "empty",
                    "changeme", "change_me", "change-me", "placeholder", "redacted", "todo"})) {
    return false;
  }
  // "xxxx", "****": a placeholder.
  return value.find_first_not_of(value[0]) != absl::string_view::npos || value.size() < 3 ||
         (value[0] != 'x' && value[0] != 'X' && value[0] != '*');
}

std::string MaskSecret(absl::string_view value) {
  if (value.size() >= 16 && LooksLikeCredential(value)) {
    return absl::StrCat(value.substr(0, 4), "****");
  }
  return "****";
}

}  // namespace moat::detect
