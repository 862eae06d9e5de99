// Fuzzes the registry's text parsers: image references, WWW-Authenticate challenges and Docker
// config.json credentials.
#include <cstddef>
#include <cstdint>
#include <string>

#include "image/registry_auth.h"
#include "image/registry_credentials.h"
#include "image/registry_reference.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto ref = moat::image::ParseRegistryReference(text);
  if (ref.ok()) {
    (void)ref->ToString();
    (void)ref->ApiHost();
    auto again = moat::image::ParseRegistryReference(ref->ToString());
    if (!again.ok() || again->ToString() != ref->ToString()) __builtin_trap();
  }
  auto challenges = moat::image::ParseWwwAuthenticate(text);
  (void)moat::image::PreferredChallenge(challenges);
  for (const char* registry : {"docker.io", "127.0.0.1:5000", "r.io"}) {
    (void)moat::image::CredentialsFromDockerConfig(text, registry, "fuzz");
  }
  return 0;
}
