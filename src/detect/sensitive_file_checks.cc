#include "detect/sensitive_file_checks.h"

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json.h"

namespace moat::detect {
namespace {

constexpr size_t kHeaderWindow = 512;

// Calls fn(line number, line without '\r') until it returns true; returns that line's number.
int FindLine(absl::string_view data, const std::function<bool(int, absl::string_view)>& fn) {
  int number = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == absl::string_view::npos) end = data.size();
    absl::string_view line = data.substr(pos, end - pos);
    absl::ConsumeSuffix(&line, "\r");
    ++number;
    if (fn(number, line)) return number;
    pos = end + 1;
  }
  return 0;
}

// A value that is there: not empty and not a reference to the environment or a template.
bool RealValue(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front()) {
    value = value.substr(1, value.size() - 2);
  }
  if (value.empty() || value == "null" || value == "~") return false;
  return !(value.front() == '$' || value.front() == '<' || absl::StartsWith(value, "{{"));
}

using KeyTest = std::function<bool(absl::string_view lower_key)>;

// The first `key<sep>value` line with a real value whose key passes `key_ok`.
std::optional<SensitiveHit> FindAssignment(absl::string_view data, absl::string_view seps,
                                           const KeyTest& key_ok) {
  std::optional<SensitiveHit> hit;
  FindLine(data, [&](int number, absl::string_view line) {
    absl::string_view s = absl::StripLeadingAsciiWhitespace(line);
    absl::ConsumePrefix(&s, "- ");
    absl::ConsumePrefix(&s, "export ");
    if (s.empty() || s.front() == '#' || s.front() == ';') return false;
    const size_t sep = s.find_first_of(seps);
    if (sep == absl::string_view::npos || sep == 0) return false;
    const absl::string_view key = absl::StripTrailingAsciiWhitespace(s.substr(0, sep));
    if (!key_ok(absl::AsciiStrToLower(key)) || !RealValue(s.substr(sep + 1))) return false;
    hit = SensitiveHit{number, absl::StrCat(key, s[sep] == ':' ? ": ****" : "=****"), ""};
    return true;
  });
  return hit;
}

// `"key": "<something>"` somewhere in a JSON text.
std::optional<SensitiveHit> FindJsonValue(absl::string_view data, absl::string_view key) {
  const std::string quoted = absl::StrCat("\"", key, "\"");
  std::optional<SensitiveHit> hit;
  FindLine(data, [&](int number, absl::string_view line) {
    for (size_t at = line.find(quoted); at != absl::string_view::npos;
         at = line.find(quoted, at + 1)) {
      absl::string_view rest = absl::StripLeadingAsciiWhitespace(line.substr(at + quoted.size()));
      if (!absl::ConsumePrefix(&rest, ":")) continue;
      rest = absl::StripLeadingAsciiWhitespace(rest);
      if (absl::StartsWith(rest, "\"\"") || absl::StartsWith(rest, "null") || rest.empty())
        continue;
      hit = SensitiveHit{number, absl::StrCat(quoted, ": \"****\""), ""};
      return true;
    }
    return false;
  });
  return hit;
}

absl::string_view FirstLine(absl::string_view data) {
  absl::string_view head = absl::StripLeadingAsciiWhitespace(data.substr(0, kHeaderWindow));
  return head.substr(0, head.find_first_of("\r\n"));
}

bool IsPrivateKeyHeader(absl::string_view first) {
  return (absl::StartsWith(first, "-----BEGIN ") && absl::StrContains(first, "PRIVATE KEY-----")) ||
         absl::StartsWith(first, "PuTTY-User-Key-File-");
}

bool PrivateKeyEncrypted(absl::string_view data, absl::string_view first) {
  if (absl::StrContains(first, "ENCRYPTED")) return true;
  const absl::string_view head = data.substr(0, 4096);
  if (absl::StrContains(head, "Proc-Type: 4,ENCRYPTED")) return true;
  if (absl::StartsWith(first, "PuTTY-User-Key-File-")) {
    return absl::StrContains(head, "Encryption: ") && !absl::StrContains(head, "Encryption: none");
  }
  if (absl::StrContains(first, "OPENSSH PRIVATE KEY")) return OpenSshKeyEncrypted(data);
  return false;
}

bool HasMagic(absl::string_view data, absl::string_view magic) {
  return absl::StartsWith(data, magic);
}

}  // namespace

bool OpenSshKeyEncrypted(absl::string_view pem) {
  size_t body = pem.find("-----\n");
  if (body == absl::string_view::npos) return false;
  std::string b64;
  for (char c : pem.substr(body + 6)) {
    if (c == '-' || b64.size() >= 64) break;
    if (absl::ascii_isalnum(c) || c == '+' || c == '/') b64.push_back(c);
  }
  b64.resize(b64.size() / 4 * 4);
  std::string raw;
  if (!absl::Base64Unescape(b64, &raw)) return false;
  constexpr absl::string_view kMagic("openssh-key-v1\0", 15);
  if (raw.size() < kMagic.size() + 4 || !absl::StartsWith(raw, kMagic)) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data()) + kMagic.size();
  const uint32_t len = (uint32_t{p[0]} << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
  const size_t at = kMagic.size() + 4;
  if (len > raw.size() - at) return true;  // a long cipher name: not "none"
  return absl::string_view(raw).substr(at, len) != "none";
}

std::optional<SensitiveHit> CheckUnencryptedPrivateKey(absl::string_view data) {
  const absl::string_view first = FirstLine(data);
  if (!IsPrivateKeyHeader(first) || PrivateKeyEncrypted(data, first)) return std::nullopt;
  return SensitiveHit{1, std::string(first), ""};
}

std::optional<SensitiveHit> CheckEncryptedPrivateKey(absl::string_view data) {
  const absl::string_view first = FirstLine(data);
  if (!IsPrivateKeyHeader(first) || !PrivateKeyEncrypted(data, first)) return std::nullopt;
  return SensitiveHit{1, std::string(first), ""};
}

std::optional<SensitiveHit> CheckAwsCredentials(absl::string_view data) {
  return FindAssignment(data, "=:", [](absl::string_view k) {
    return k == "aws_secret_access_key" || k == "aws_session_token";
  });
}

std::optional<SensitiveHit> CheckGcloudCredentials(absl::string_view data) {
  if (HasMagic(data, absl::string_view("SQLite format 3\0", 16))) {
    return SensitiveHit{0, "SQLite database of gcloud credentials", ""};
  }
  for (absl::string_view key : {"refresh_token", "private_key", "client_secret", "access_token"}) {
    if (auto hit = FindJsonValue(data, key)) return hit;
  }
  return std::nullopt;
}

std::optional<SensitiveHit> CheckAzureTokens(absl::string_view data) {
  for (absl::string_view key :
       {"accessToken", "refreshToken", "secret", "AccessToken", "RefreshToken"}) {
    if (auto hit = FindJsonValue(data, key)) return hit;
  }
  return std::nullopt;
}

std::optional<SensitiveHit> CheckKubeconfig(absl::string_view data) {
  if (!absl::StrContains(data, "clusters:") && !absl::StrContains(data, "kind: Config")) {
    return std::nullopt;
  }
  return FindAssignment(data, ":", [](absl::string_view k) {
    return k == "token" || k == "client-key-data" || k == "client-key" || k == "password" ||
           k == "id-token" || k == "refresh-token";
  });
}

std::optional<SensitiveHit> CheckDockerConfig(absl::string_view data) {
  auto json = ParseJson(data, "docker config");
  if (!json.ok() || !json->is_object()) return std::nullopt;
  const Json* auths = JsonField(*json, "auths");
  const Json& entries = auths != nullptr ? *auths : *json;  // the old .dockercfg has no "auths"
  if (!entries.is_object()) return std::nullopt;
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (!it.value().is_object()) continue;
    for (absl::string_view key : {"auth", "identitytoken", "password"}) {
      if (JsonString(it.value(), key).empty()) continue;
      std::optional<SensitiveHit> hit = FindJsonValue(data, key);
      const int line = hit ? hit->line : 0;
      return SensitiveHit{line, absl::StrCat("\"", it.key(), "\": {\"", key, "\": \"****\"}"), ""};
    }
  }
  return std::nullopt;
}

std::optional<SensitiveHit> CheckNpmrc(absl::string_view data) {
  return FindAssignment(data, "=", [](absl::string_view k) {
    return absl::EndsWith(k, "_authtoken") || absl::EndsWith(k, "_auth") ||
           absl::EndsWith(k, "_password") || k == "password";
  });
}

std::optional<SensitiveHit> CheckPypirc(absl::string_view data) {
  return FindAssignment(data, "=:", [](absl::string_view k) { return k == "password"; });
}

std::optional<SensitiveHit> CheckGitCredentials(absl::string_view data) {
  std::optional<SensitiveHit> hit;
  FindLine(data, [&](int number, absl::string_view line) {
    const size_t scheme = line.find("://");
    if (scheme == absl::string_view::npos) return false;
    const absl::string_view rest = line.substr(scheme + 3);
    const size_t at = rest.find('@'), colon = rest.find(':');
    if (at == absl::string_view::npos || colon == absl::string_view::npos || colon > at ||
        colon + 1 == at) {
      return false;
    }
    hit = SensitiveHit{number,
                       absl::StrCat(line.substr(0, scheme + 3), rest.substr(0, colon + 1), "****",
                                    rest.substr(at)),
                       ""};
    return true;
  });
  return hit;
}

std::optional<SensitiveHit> CheckShadow(absl::string_view data) {
  std::optional<SensitiveHit> hit;
  FindLine(data, [&](int number, absl::string_view line) {
    const size_t first = line.find(':');
    if (first == absl::string_view::npos || first == 0) return false;
    absl::string_view hash = line.substr(first + 1);
    hash = hash.substr(0, hash.find(':'));
    if (hash.empty() || hash.front() == '*' || hash.front() == '!' || hash == "x") return false;
    hit = SensitiveHit{number, absl::StrCat(line.substr(0, first), ":****"), ""};
    return true;
  });
  return hit;
}

std::optional<SensitiveHit> CheckDotenv(absl::string_view data) {
  return FindAssignment(data, "=", [](absl::string_view k) {
    if (k.empty() || absl::ascii_isdigit(k.front())) return false;
    for (char c : k) {
      if (!absl::ascii_isalnum(c) && c != '_' && c != '.' && c != '-') return false;
    }
    return true;
  });
}

std::optional<SensitiveHit> CheckSqlDump(absl::string_view data) {
  std::optional<SensitiveHit> hit;
  FindLine(data, [&](int number, absl::string_view line) {
    absl::string_view s = absl::StripLeadingAsciiWhitespace(line);
    const bool rows =
        absl::StartsWithIgnoreCase(s, "INSERT INTO") ||
        (absl::StartsWithIgnoreCase(s, "COPY ") && absl::StrContains(s, "FROM stdin"));
    if (rows) {
      // The statement and table name only: the rows themselves are the sensitive part.
      std::vector<absl::string_view> words = absl::StrSplit(s, ' ', absl::SkipEmpty());
      if (words.size() > 3) words.resize(3);
      hit = SensitiveHit{number, absl::StrJoin(words, " "), "medium"};
      return true;
    }
    if (!hit && absl::StartsWithIgnoreCase(s, "CREATE TABLE")) {
      hit = SensitiveHit{number, std::string(s.substr(0, 80)), "low"};
    }
    return false;
  });
  return hit;
}

std::optional<SensitiveHit> CheckSqliteDatabase(absl::string_view data) {
  if (!HasMagic(data, absl::string_view("SQLite format 3\0", 16))) return std::nullopt;
  return SensitiveHit{0, "SQLite database", ""};
}

std::optional<SensitiveHit> CheckKeystore(absl::string_view data) {
  if (HasMagic(data, "\xFE\xED\xFE\xED")) return SensitiveHit{0, "Java keystore (JKS)", ""};
  if (HasMagic(data, "\xCE\xCE\xCE\xCE")) return SensitiveHit{0, "Java keystore (JCEKS)", ""};
  if (!data.empty() && static_cast<unsigned char>(data[0]) == 0x30) {
    return SensitiveHit{0, "PKCS#12 keystore", ""};
  }
  return std::nullopt;
}

}  // namespace moat::detect
