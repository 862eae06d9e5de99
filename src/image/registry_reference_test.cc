#include "image/registry_reference.h"

#include <string>

#include "gtest/gtest.h"

namespace moat::image {
namespace {

const std::string kHex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct GoodCase {
  std::string text;
  std::string registry;
  std::string repository;
  std::string tag;
  std::string digest;
  std::string api_host;
};

TEST(RegistryReferenceTest, ParsesAndNormalises) {
  const GoodCase cases[] = {
      {"ubuntu", "docker.io", "library/ubuntu", "latest", "", "registry-1.docker.io"},
      {"ubuntu:22.04", "docker.io", "library/ubuntu", "22.04", "", "registry-1.docker.io"},
      {"bitnami/redis", "docker.io", "bitnami/redis", "latest", "", "registry-1.docker.io"},
      {"docker.io/nginx", "docker.io", "library/nginx", "latest", "", "registry-1.docker.io"},
      {"index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1", "",
       "registry-1.docker.io"},
      {"registry.example:5000/team/app:1.2", "registry.example:5000", "team/app", "1.2", "",
       "registry.example:5000"},
      {"registry.example:5000/team/app@sha256:" + kHex, "registry.example:5000", "team/app", "",
       "sha256:" + kHex, "registry.example:5000"},
      {"quay.io/org/app:v1@sha256:" + kHex, "quay.io", "org/app", "v1", "sha256:" + kHex,
       "quay.io"},
      {"localhost/x", "localhost", "x", "latest", "", "localhost"},
      {"localhost:5000/x/y/z", "localhost:5000", "x/y/z", "latest", "", "localhost:5000"},
      {"127.0.0.1:5000/demo/app:1.0", "127.0.0.1:5000", "demo/app", "1.0", "", "127.0.0.1:5000"},
      {"[::1]:5000/demo/app", "[::1]:5000", "demo/app", "latest", "", "[::1]:5000"},
      {"Registry.Example/app", "Registry.Example", "app", "latest", "", "Registry.Example"},
      {"localhost:5000", "docker.io", "library/localhost", "5000", "", "registry-1.docker.io"},
      {"a/b-c__d.e---f_g:T_ag-1.x", "docker.io", "a/b-c__d.e---f_g", "T_ag-1.x", "",
       "registry-1.docker.io"},
  };
  for (const GoodCase& c : cases) {
    SCOPED_TRACE(c.text);
    auto ref = ParseRegistryReference(c.text);
    ASSERT_TRUE(ref.ok()) << ref.status();
    EXPECT_EQ(ref->registry, c.registry);
    EXPECT_EQ(ref->repository, c.repository);
    EXPECT_EQ(ref->tag, c.tag);
    EXPECT_EQ(ref->digest, c.digest);
    EXPECT_EQ(ref->ApiHost(), c.api_host);
  }
}

TEST(RegistryReferenceTest, SpellsCanonicalForms) {
  auto ref = ParseRegistryReference("ubuntu");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->ToString(), "docker.io/library/ubuntu:latest");
  EXPECT_EQ(ref->Name(), "docker.io/library/ubuntu");
  EXPECT_EQ(ref->ManifestRef(), "latest");
  ref = ParseRegistryReference("quay.io/org/app:v1@sha256:" + kHex);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->ToString(), "quay.io/org/app:v1@sha256:" + kHex);
  EXPECT_EQ(ref->ManifestRef(), "sha256:" + kHex);
}

TEST(RegistryReferenceTest, RejectsMalformedWithExactReason) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "invalid image reference \"\": empty reference"},
      {"docker://ubuntu",
       "invalid image reference \"docker://ubuntu\": a reference has no URL "
       "scheme; write host/repository:tag"},
      {"Ubuntu", "invalid image reference \"Ubuntu\": repository name must be lowercase"},
      {"quay.io/Org/app",
       "invalid image reference \"quay.io/Org/app\": repository name must be "
       "lowercase"},
      {"app:", "invalid image reference \"app:\": invalid tag \"\""},
      {"app:-x", "invalid image reference \"app:-x\": invalid tag \"-x\""},
      {"app:" + std::string(129, 'a'), "invalid image reference \"app:" + std::string(129, 'a') +
                                           "\": invalid tag \"" + std::string(129, 'a') + "\""},
      {"app@sha256:abc",
       "invalid image reference \"app@sha256:abc\": digest must be sha256: "
       "followed by 64 lowercase hex digits"},
      {"app@sha512:abc",
       "invalid image reference \"app@sha512:abc\": unsupported digest "
       "algorithm \"sha512\" (only sha256)"},
      {"app@sha256:" + std::string(64, 'A'),
       "invalid image reference \"app@sha256:" + std::string(64, 'A') +
           "\": digest must be sha256: followed by 64 lowercase hex digits"},
      {":tag", "invalid image reference \":tag\": no repository name"},
      {"registry.example:5000/",
       "invalid image reference \"registry.example:5000/\": no "
       "repository name"},
      {"host:99999/app",
       "invalid image reference \"host:99999/app\": invalid registry host "
       "\"host:99999\""},
      {"-bad.example/app",
       "invalid image reference \"-bad.example/app\": invalid registry host "
       "\"-bad.example\""},
      {"a//b", "invalid image reference \"a//b\": invalid repository name \"a//b\""},
      {"team/app-",
       "invalid image reference \"team/app-\": invalid repository name "
       "\"team/app-\""},
      {"team/a..b",
       "invalid image reference \"team/a..b\": invalid repository name "
       "\"team/a..b\""},
      {"team/a b", "invalid image reference \"team/a b\": invalid repository name \"team/a b\""},
      {"r.io/" + std::string(260, 'a'), "invalid image reference \"r.io/" + std::string(260, 'a') +
                                            "\": name longer than 255 characters"},
  };
  for (const auto& [text, error] : cases) {
    SCOPED_TRACE(text);
    auto ref = ParseRegistryReference(text);
    ASSERT_FALSE(ref.ok());
    EXPECT_EQ(ref.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ref.status().message(), error);
  }
}

}  // namespace
}  // namespace moat::image
