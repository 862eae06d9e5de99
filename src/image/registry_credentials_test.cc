#include "image/registry_credentials.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace moat::image {
namespace {

std::string Auth(const std::string& user_pass) { return absl::Base64Escape(user_pass); }

TEST(DockerConfigTest, FindsEntryByHostOrUrlKey) {
  std::string config = R"({"auths":{
    "https://index.docker.io/v1/":{"auth":")" +
                       Auth("hubuser:hubpass") + R"("},
    "http://127.0.0.1:5000":{"auth":")" +
                       Auth("local:pa:ss") + R"("},
    "quay.io":{"username":"q","password":"qp"},
    "acr.example.io":{"auth":"","identitytoken":"refresh"}
  }})";
  auto hub = CredentialsFromDockerConfig(config, "docker.io", "/c.json");
  ASSERT_TRUE(hub.ok()) << hub.status();
  EXPECT_EQ(hub->username, "hubuser");
  EXPECT_EQ(hub->password, "hubpass");
  EXPECT_EQ(hub->source, "/c.json");
  auto local = CredentialsFromDockerConfig(config, "127.0.0.1:5000", "/c.json");
  EXPECT_EQ(local->username, "local");
  EXPECT_EQ(local->password, "pa:ss");
  auto quay = CredentialsFromDockerConfig(config, "quay.io", "/c.json");
  EXPECT_EQ(quay->username, "q");
  EXPECT_EQ(quay->password, "qp");
  auto acr = CredentialsFromDockerConfig(config, "acr.example.io", "/c.json");
  EXPECT_EQ(acr->identity_token, "refresh");
  EXPECT_TRUE(acr->username.empty());
  auto none = CredentialsFromDockerConfig(config, "ghcr.io", "/c.json");
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(none->source, "");
}

TEST(DockerConfigTest, ReportsBrokenConfig) {
  auto bad_auth = CredentialsFromDockerConfig(R"({"auths":{"r.io":{"auth":"bm9jb2xvbg=="}}})",
                                              "r.io", "/c.json");
  EXPECT_EQ(bad_auth.status().message(),
            "/c.json: the \"auth\" of \"r.io\" is not base64 of \"user:password\"");
  auto bad_json = CredentialsFromDockerConfig("{", "r.io", "/c.json");
  EXPECT_FALSE(bad_json.ok());
  EXPECT_EQ(bad_json.status().message().substr(0, 26), "/c.json: invalid JSON at b");
  auto helpers_only =
      CredentialsFromDockerConfig(R"({"credsStore":"desktop","auths":[]})", "r.io", "/c.json");
  ASSERT_TRUE(helpers_only.ok());
  EXPECT_TRUE(helpers_only->empty());
}

TEST(ResolveCredentialsTest, FlagsThenEnvironmentThenDockerConfig) {
  std::string config = R"({"auths":{"r.io":{"auth":")" + Auth("cfg:cfgpass") + R"("}}})";
  std::map<std::string, std::string> env = {{"MOAT_REGISTRY_USERNAME", "envuser"},
                                            {"MOAT_REGISTRY_PASSWORD", "envpass"}};
  RegistryCredentials flags;
  flags.username = "flaguser";
  flags.password = "flagpass";
  flags.source = "--username";
  EXPECT_EQ(ResolveCredentials("r.io", flags, env, config, "/c.json")->username, "flaguser");
  auto from_env = ResolveCredentials("r.io", {}, env, config, "/c.json");
  EXPECT_EQ(from_env->username, "envuser");
  EXPECT_EQ(from_env->source, "MOAT_REGISTRY_USERNAME");
  auto from_config = ResolveCredentials("r.io", {}, {}, config, "/c.json");
  EXPECT_EQ(from_config->username, "cfg");
  EXPECT_EQ(from_config->source, "/c.json");
  EXPECT_TRUE(ResolveCredentials("r.io", {}, {}, "", "")->empty());
  auto half = ResolveCredentials("r.io", {}, {{"MOAT_REGISTRY_USERNAME", "u"}}, config, "");
  EXPECT_EQ(half.status().message(),
            "MOAT_REGISTRY_USERNAME and MOAT_REGISTRY_PASSWORD must be set together");
}

TEST(ResolveCredentialsTest, DockerConfigPath) {
  EXPECT_EQ(DockerConfigPath({{"HOME", "/home/u"}}), "/home/u/.docker/config.json");
  EXPECT_EQ(DockerConfigPath({{"HOME", "/home/u"}, {"DOCKER_CONFIG", "/etc/d"}}),
            "/etc/d/config.json");
  EXPECT_EQ(DockerConfigPath({}), "");
}

}  // namespace
}  // namespace moat::image
