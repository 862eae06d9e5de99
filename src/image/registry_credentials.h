// Registry credentials and where they come from: command-line flags, the MOAT_REGISTRY_*
// environment and Docker's config.json `auths`. Library code never reads the environment or
// files itself; the CLI passes their contents in.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::image {

struct RegistryCredentials {
  std::string username;
  std::string password;
  // An OAuth2 refresh token ("identitytoken" in Docker's config, e.g. after `az acr login`),
  // exchanged for access tokens at the registry's token realm.
  std::string identity_token;
  // A ready bearer token ("registrytoken" in Docker's config), sent as is.
  std::string registry_token;
  // Where they came from, for error messages: "--username", "MOAT_REGISTRY_USERNAME" or the
  // path of the Docker config; "" when there are none.
  std::string source;

  bool empty() const {
    return username.empty() && password.empty() && identity_token.empty() && registry_token.empty();
  }
};

// The credentials for `registry` (RegistryReference::registry, e.g. "docker.io" or
// "127.0.0.1:5000") in a Docker config.json: the `auths` entry whose key, with any http(s)://
// scheme and path removed, is that host (Docker Hub also matches its legacy keys such as
// "https://index.docker.io/v1/"). `auth` is base64 "user:password"; explicit "username"/
// "password", "identitytoken" and "registrytoken" are honoured. No entry: empty credentials.
// Credential helpers (credsStore/credHelpers) are not run. `path` names the file in errors.
absl::StatusOr<RegistryCredentials> CredentialsFromDockerConfig(absl::string_view config_json,
                                                                absl::string_view registry,
                                                                absl::string_view path);

// Picks the credentials for `registry`, first match wins:
//   1. `from_flags` when not empty (set its `source`, e.g. "--username");
//   2. MOAT_REGISTRY_USERNAME and MOAT_REGISTRY_PASSWORD from `env` (both must be set);
//   3. the Docker config text `docker_config_json` read from `docker_config_path` ("" = none).
// `env` is the process environment as the CLI read it.
absl::StatusOr<RegistryCredentials> ResolveCredentials(
    absl::string_view registry, const RegistryCredentials& from_flags,
    const std::map<std::string, std::string>& env, absl::string_view docker_config_json,
    absl::string_view docker_config_path);

// Where Docker keeps its config: $DOCKER_CONFIG/config.json, else $HOME/.docker/config.json;
// "" when neither variable is set.
std::string DockerConfigPath(const std::map<std::string, std::string>& env);

}  // namespace moat::image
