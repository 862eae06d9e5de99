#include "image/registry_auth.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"

namespace moat::image {
namespace {

constexpr size_t kMaxTokenResponse = 1 << 20;
// Token lifetime assumed when the realm does not say (the distribution spec's default).
constexpr int64_t kDefaultTokenSeconds = 60;
// Tokens are renewed this long before they expire, so a request never carries a stale one.
constexpr absl::Duration kExpiryMargin = absl::Seconds(10);

bool IsTokenChar(char c) {
  return absl::ascii_isalnum(c) || absl::StrContains("!#$%&'*+-.^_`|~/", c);
}

void SkipSpaces(absl::string_view s, size_t* i) {
  while (*i < s.size() && (s[*i] == ' ' || s[*i] == '\t')) ++*i;
}

std::string ReadToken(absl::string_view s, size_t* i) {
  size_t start = *i;
  while (*i < s.size() && IsTokenChar(s[*i])) ++*i;
  return std::string(s.substr(start, *i - start));
}

// An unquoted value: up to the next comma or space (lenient: URLs with ':' are common).
std::string ReadBareValue(absl::string_view s, size_t* i) {
  size_t start = *i;
  while (*i < s.size() && s[*i] != ',' && s[*i] != ' ' && s[*i] != '\t') ++*i;
  return std::string(s.substr(start, *i - start));
}

// A quoted-string starting at s[*i] == '"', with backslash escapes.
std::string ReadQuoted(absl::string_view s, size_t* i) {
  std::string out;
  for (++*i; *i < s.size(); ++*i) {
    char c = s[*i];
    if (c == '"') {
      ++*i;
      break;
    }
    if (c == '\\' && *i + 1 < s.size()) c = s[++*i];
    out.push_back(c);
  }
  return out;
}

// Percent-encodes a query value (RFC 3986 unreserved characters stay).
std::string QueryEscape(absl::string_view value) {
  std::string out;
  for (unsigned char c : value) {
    if (absl::ascii_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      constexpr char kHexDigits[] = "0123456789ABCDEF";
      out += {'%', kHexDigits[c >> 4], kHexDigits[c & 15]};
    }
  }
  return out;
}

}  // namespace

std::string AuthChallenge::Param(absl::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? "" : it->second;
}

std::vector<AuthChallenge> ParseWwwAuthenticate(absl::string_view header) {
  std::vector<AuthChallenge> challenges;
  size_t i = 0;
  while (i < header.size()) {
    SkipSpaces(header, &i);
    if (i < header.size() && header[i] == ',') {
      ++i;
      continue;
    }
    std::string token = ReadToken(header, &i);
    if (token.empty()) {
      ++i;  // a character no grammar allows here: skip it
      continue;
    }
    size_t after = i;
    SkipSpaces(header, &after);
    bool is_param = after < header.size() && header[after] == '=' && !challenges.empty();
    if (!is_param) {
      challenges.push_back({absl::AsciiStrToLower(token), {}});
      continue;
    }
    i = after + 1;
    SkipSpaces(header, &i);
    std::string value = (i < header.size() && header[i] == '"') ? ReadQuoted(header, &i)
                                                                : ReadBareValue(header, &i);
    challenges.back().params[absl::AsciiStrToLower(token)] = value;
  }
  return challenges;
}

std::optional<AuthChallenge> PreferredChallenge(const std::vector<AuthChallenge>& challenges) {
  for (absl::string_view scheme : {"bearer", "basic"}) {
    for (const AuthChallenge& c : challenges) {
      if (c.scheme == scheme) return c;
    }
  }
  return std::nullopt;
}

RegistryAuthenticator::RegistryAuthenticator(RegistryCredentials credentials,
                                             platform::HttpClient* http, platform::Clock* clock,
                                             RetryPolicy retry)
    : credentials_(std::move(credentials)), http_(http), clock_(clock), retry_(retry) {}

std::string RegistryAuthenticator::DescribeCredentials() const {
  if (credentials_.empty()) return "(no credentials)";
  std::string who = credentials_.username.empty()
                        ? std::string("a token")
                        : absl::StrCat("user \"", credentials_.username, "\"");
  return absl::StrCat("(credentials of ", who, " from ", credentials_.source, ")");
}

absl::StatusOr<std::string> RegistryAuthenticator::Authorization(const AuthChallenge& challenge,
                                                                 absl::string_view scope) {
  if (challenge.scheme == "basic") {
    if (credentials_.username.empty()) return std::string();
    return absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(credentials_.username, ":",
                                                                  credentials_.password)));
  }
  if (challenge.scheme != "bearer") return std::string();
  if (!credentials_.registry_token.empty()) {
    return absl::StrCat("Bearer ", credentials_.registry_token);
  }
  std::string key =
      absl::StrCat(challenge.Param("realm"), " ", challenge.Param("service"), " ", scope);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = tokens_.find(key);
    if (it != tokens_.end() && clock_->Now() < it->second.expires) {
      return absl::StrCat("Bearer ", it->second.value);
    }
  }
  // Fetched without the lock: two threads may both fetch once, which is harmless.
  MOAT_ASSIGN_OR_RETURN(Token token, FetchToken(challenge, scope));
  std::lock_guard<std::mutex> lock(mutex_);
  tokens_[key] = token;
  return absl::StrCat("Bearer ", token.value);
}

void RegistryAuthenticator::Forget(absl::string_view scope) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = absl::EndsWith(it->first, absl::StrCat(" ", scope)) ? tokens_.erase(it) : std::next(it);
  }
}

platform::HttpRequest RegistryAuthenticator::TokenRequest(const AuthChallenge& challenge,
                                                          absl::string_view scope) const {
  platform::HttpRequest request;
  std::string service = challenge.Param("service");
  if (!credentials_.identity_token.empty()) {
    request.method = "POST";
    request.url = challenge.Param("realm");
    request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    request.body = absl::StrCat(
        "grant_type=refresh_token&client_id=moat&service=", QueryEscape(service),
        "&scope=", QueryEscape(scope), "&refresh_token=", QueryEscape(credentials_.identity_token));
    return request;
  }
  std::string realm = challenge.Param("realm");
  request.url = absl::StrCat(realm, absl::StrContains(realm, '?') ? "&" : "?");
  if (!service.empty()) absl::StrAppend(&request.url, "service=", QueryEscape(service), "&");
  absl::StrAppend(&request.url, "scope=", QueryEscape(scope));
  if (!credentials_.username.empty()) {
    request.headers.emplace_back(
        "Authorization",
        absl::StrCat("Basic ", absl::Base64Escape(absl::StrCat(credentials_.username, ":",
                                                               credentials_.password))));
  }
  return request;
}

absl::StatusOr<RegistryAuthenticator::Token> RegistryAuthenticator::FetchToken(
    const AuthChallenge& challenge, absl::string_view scope) {
  std::string realm = challenge.Param("realm");
  std::string what = absl::StrCat("fetching a token for ", scope, " from ", realm);
  if (!absl::StartsWith(realm, "https://") && !absl::StartsWith(realm, "http://")) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": the registry's realm is not an http(s) URL"));
  }
  MOAT_ASSIGN_OR_RETURN(auto response,
                        SendWithRetries(*http_, *clock_, retry_, TokenRequest(challenge, scope)));
  if (response->status_code() != 200) {
    return absl::PermissionDeniedError(
        absl::StrCat(what, ": ", DescribeHttpError(*response), " ", DescribeCredentials()));
  }
  absl::StatusOr<std::string> body = platform::ReadAll(response->body(), kMaxTokenResponse, what);
  if (!body.ok()) return body.status();
  MOAT_ASSIGN_OR_RETURN(Json doc, ParseJson(*body, what));
  Token token;
  token.value = JsonString(doc, "token");
  if (token.value.empty()) token.value = JsonString(doc, "access_token");
  if (token.value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": the response has no token"));
  }
  int64_t seconds =
      std::max(JsonInt(doc, "expires_in").value_or(kDefaultTokenSeconds), kDefaultTokenSeconds);
  token.expires = clock_->Now() + absl::Seconds(seconds) - kExpiryMargin;
  return token;
}

}  // namespace moat::image
