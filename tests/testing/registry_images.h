// Registry content for tests: image manifests, configs, layer blobs and indexes built in memory,
// and ways to serve them from a FakeHttpClient or a TestHttpServer as a v2 registry would.
#pragma once

#include <string>
#include <vector>

#include "testing/fake_http_client.h"
#include "testing/image_builder.h"
#include "testing/test_http_server.h"

namespace moat::testing {

struct RegistryBlob {
  std::string digest;
  std::string bytes;
  std::string media_type;
};

struct RegistryImage {
  RegistryBlob config;
  std::vector<RegistryBlob> layers;
  RegistryBlob manifest;  // media_type: OCI manifest or Docker v2 manifest
  std::string architecture;
};

enum class ManifestFlavor { kOci, kDocker };

// An image with one gzip layer per entry list, for linux/<architecture>.
RegistryImage MakeRegistryImage(const std::vector<std::vector<TarEntry>>& layers,
                                const std::string& architecture = "amd64",
                                ManifestFlavor flavor = ManifestFlavor::kOci);
// An OCI index (or a Docker manifest list) of `images`, each with its linux platform.
RegistryBlob MakeRegistryIndex(const std::vector<RegistryImage>& images,
                               ManifestFlavor flavor = ManifestFlavor::kOci);
// A blob whose digest is computed from `bytes`.
RegistryBlob MakeBlob(std::string bytes, std::string media_type);

// Serves blobs and manifests under `base_url` (e.g. "https://r.test") for `repository`:
// manifests by digest and by `tag` (when not empty), every blob by digest, GET /v2/ as 200.
void AddToFakeRegistry(FakeHttpClient& http, const std::string& base_url,
                       const std::string& repository, const std::string& tag,
                       const RegistryBlob& manifest, const std::vector<RegistryBlob>& blobs);
void AddToTestRegistry(TestHttpServer& server, const std::string& repository,
                       const std::string& tag, const RegistryBlob& manifest,
                       const std::vector<RegistryBlob>& blobs);
// The blobs of an image (config and layers), for the two functions above.
std::vector<RegistryBlob> BlobsOf(const RegistryImage& image);

}  // namespace moat::testing
