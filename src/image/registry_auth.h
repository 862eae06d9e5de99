// Registry authentication: WWW-Authenticate challenges, Basic credentials, and the bearer token
// flow (token fetched from the challenge's realm per scope and cached until it expires).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/registry_credentials.h"
#include "image/registry_http.h"
#include "platform/clock.h"
#include "platform/http_client.h"

namespace moat::image {

struct AuthChallenge {
  std::string scheme;                         // lowercased: "basic", "bearer"
  std::map<std::string, std::string> params;  // lowercased names: realm, service, scope, error

  std::string Param(absl::string_view name) const;
};

// Parses a WWW-Authenticate value with one or more challenges, e.g.
// `Bearer realm="https://auth.example/token",service="registry",scope="repository:a:pull,push"`.
// Quoted values may hold commas and backslash escapes. Malformed parts are skipped.
std::vector<AuthChallenge> ParseWwwAuthenticate(absl::string_view header);

// The challenge to answer: Bearer when offered, else Basic; nullopt for none of them.
std::optional<AuthChallenge> PreferredChallenge(const std::vector<AuthChallenge>& challenges);

// Authorization header values for requests of one registry. Thread-safe.
class RegistryAuthenticator {
 public:
  // `http` and `clock` must outlive the authenticator.
  RegistryAuthenticator(RegistryCredentials credentials, platform::HttpClient* http,
                        platform::Clock* clock, RetryPolicy retry);

  // The Authorization value answering `challenge` for `scope` ("repository:<name>:pull"), or ""
  // when there is nothing to send (no challenge, or Basic without credentials). Bearer tokens
  // come from the cache or from the realm (GET with Basic credentials or anonymous; POST with
  // the refresh token when there is an identity token).
  absl::StatusOr<std::string> Authorization(const AuthChallenge& challenge,
                                            absl::string_view scope);
  // Drops the cached token of `scope` (after the registry refused it).
  void Forget(absl::string_view scope);
  // "(no credentials)" or `(credentials of user "x" from <source>)`, for error messages.
  std::string DescribeCredentials() const;

 private:
  struct Token {
    std::string value;
    absl::Time expires;
  };
  absl::StatusOr<Token> FetchToken(const AuthChallenge& challenge, absl::string_view scope);
  platform::HttpRequest TokenRequest(const AuthChallenge& challenge, absl::string_view scope) const;

  const RegistryCredentials credentials_;
  platform::HttpClient* http_;
  platform::Clock* clock_;
  const RetryPolicy retry_;
  std::mutex mutex_;
  std::map<std::string, Token> tokens_;  // by realm + service + scope
};

}  // namespace moat::image
