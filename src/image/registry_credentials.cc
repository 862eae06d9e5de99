#include "image/registry_credentials.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/json.h"
#include "common/status.h"

namespace moat::image {
namespace {

// "https://host:5000/v1/" -> "host:5000", as Docker's ConvertToHostname does.
std::string KeyHost(absl::string_view key) {
  if (!absl::ConsumePrefix(&key, "https://")) absl::ConsumePrefix(&key, "http://");
  return std::string(key.substr(0, key.find('/')));
}

bool IsDockerHub(absl::string_view host) {
  return host == "docker.io" || host == "index.docker.io" || host == "registry-1.docker.io";
}

const Json* FindAuthEntry(const Json& auths, absl::string_view registry) {
  if (const Json* exact = JsonField(auths, registry); exact != nullptr) return exact;
  for (const auto& [key, value] : auths.items()) {
    std::string host = KeyHost(key);
    if (host == registry || (IsDockerHub(registry) && IsDockerHub(host))) return &value;
  }
  return nullptr;
}

std::string Lookup(const std::map<std::string, std::string>& env, const std::string& name) {
  auto it = env.find(name);
  return it == env.end() ? "" : it->second;
}

}  // namespace

absl::StatusOr<RegistryCredentials> CredentialsFromDockerConfig(absl::string_view config_json,
                                                                absl::string_view registry,
                                                                absl::string_view path) {
  RegistryCredentials creds;
  MOAT_ASSIGN_OR_RETURN(Json doc, ParseJson(config_json, path));
  const Json* auths = JsonField(doc, "auths");
  if (auths == nullptr || !auths->is_object()) return creds;
  const Json* entry = FindAuthEntry(*auths, registry);
  if (entry == nullptr || !entry->is_object()) return creds;
  std::string auth = JsonString(*entry, "auth");
  if (!auth.empty()) {
    std::string decoded;
    size_t colon = std::string::npos;
    if (!absl::Base64Unescape(auth, &decoded) || (colon = decoded.find(':')) == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(path, ": the \"auth\" of \"", registry,
                                                     "\" is not base64 of \"user:password\""));
    }
    creds.username = decoded.substr(0, colon);
    creds.password = decoded.substr(colon + 1);
  }
  if (std::string user = JsonString(*entry, "username"); !user.empty()) {
    creds.username = user;
    creds.password = JsonString(*entry, "password");
  }
  creds.identity_token = JsonString(*entry, "identitytoken");
  creds.registry_token = JsonString(*entry, "registrytoken");
  if (!creds.empty()) creds.source = std::string(path);
  return creds;
}

absl::StatusOr<RegistryCredentials> ResolveCredentials(
    absl::string_view registry, const RegistryCredentials& from_flags,
    const std::map<std::string, std::string>& env, absl::string_view docker_config_json,
    absl::string_view docker_config_path) {
  if (!from_flags.empty()) return from_flags;
  std::string user = Lookup(env, "MOAT_REGISTRY_USERNAME");
  std::string password = Lookup(env, "MOAT_REGISTRY_PASSWORD");
  if (!user.empty() || !password.empty()) {
    if (user.empty() || password.empty()) {
      return absl::InvalidArgumentError(
          "MOAT_REGISTRY_USERNAME and MOAT_REGISTRY_PASSWORD must be set together");
    }
    RegistryCredentials creds;
    creds.username = user;
    creds.password = password;
    creds.source = "MOAT_REGISTRY_USERNAME";
    return creds;
  }
  if (docker_config_json.empty()) return RegistryCredentials{};
  return CredentialsFromDockerConfig(docker_config_json, registry, docker_config_path);
}

std::string DockerConfigPath(const std::map<std::string, std::string>& env) {
  if (std::string dir = Lookup(env, "DOCKER_CONFIG"); !dir.empty()) {
    return absl::StrCat(dir, "/config.json");
  }
  if (std::string home = Lookup(env, "HOME"); !home.empty()) {
    return absl::StrCat(home, "/.docker/config.json");
  }
  return "";
}

}  // namespace moat::image
