#include "testing/registry_images.h"

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/sha256.h"
#include "image/manifest.h"

namespace moat::testing {
namespace {

Json DescriptorJson(const RegistryBlob& blob) {
  return Json{{"mediaType", blob.media_type},
              {"digest", blob.digest},
              {"size", static_cast<int64_t>(blob.bytes.size())}};
}

platform::HttpHeaders BlobHeaders(const RegistryBlob& blob) {
  return {{"Content-Type", blob.media_type}, {"Docker-Content-Digest", blob.digest}};
}

}  // namespace

RegistryBlob MakeBlob(std::string bytes, std::string media_type) {
  RegistryBlob blob;
  blob.digest = absl::StrCat("sha256:", Sha256Hex(bytes));
  blob.bytes = std::move(bytes);
  blob.media_type = std::move(media_type);
  return blob;
}

RegistryImage MakeRegistryImage(const std::vector<std::vector<TarEntry>>& layers,
                                const std::string& architecture, ManifestFlavor flavor) {
  bool oci = flavor == ManifestFlavor::kOci;
  RegistryImage image;
  image.architecture = architecture;
  Json diff_ids = Json::array();
  Json history = Json::array();
  for (size_t i = 0; i < layers.size(); ++i) {
    std::string tar = MakeTar(layers[i]);
    diff_ids.push_back(absl::StrCat("sha256:", Sha256Hex(tar)));
    history.push_back(Json{{"created_by", absl::StrCat("layer ", i)}});
    image.layers.push_back(MakeBlob(Compress(tar, LayerCompression::kGzip),
                                    oci ? "application/vnd.oci.image.layer.v1.tar+gzip"
                                        : "application/vnd.docker.image.rootfs.diff.tar.gzip"));
  }
  Json config = {{"architecture", architecture},
                 {"os", "linux"},
                 {"config", {{"Env", {"PATH=/usr/bin:/bin"}}, {"Cmd", {"/bin/sh"}}}},
                 {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}},
                 {"history", history}};
  image.config = MakeBlob(DumpJson(config), oci ? "application/vnd.oci.image.config.v1+json"
                                                : "application/vnd.docker.container.image.v1+json");
  Json layer_list = Json::array();
  for (const RegistryBlob& layer : image.layers) layer_list.push_back(DescriptorJson(layer));
  std::string type(oci ? image::kOciManifestType : image::kDockerManifestType);
  Json manifest = {{"schemaVersion", 2},
                   {"mediaType", type},
                   {"config", DescriptorJson(image.config)},
                   {"layers", layer_list}};
  image.manifest = MakeBlob(DumpJson(manifest, 2), type);
  return image;
}

RegistryBlob MakeRegistryIndex(const std::vector<RegistryImage>& images, ManifestFlavor flavor) {
  std::string type(flavor == ManifestFlavor::kOci ? image::kOciIndexType
                                                  : image::kDockerManifestListType);
  Json manifests = Json::array();
  for (const RegistryImage& image : images) {
    Json d = DescriptorJson(image.manifest);
    d["platform"] = {{"os", "linux"}, {"architecture", image.architecture}};
    manifests.push_back(d);
  }
  Json index = {{"schemaVersion", 2}, {"mediaType", type}, {"manifests", manifests}};
  return MakeBlob(DumpJson(index, 2), type);
}

std::vector<RegistryBlob> BlobsOf(const RegistryImage& image) {
  std::vector<RegistryBlob> blobs = {image.config};
  blobs.insert(blobs.end(), image.layers.begin(), image.layers.end());
  return blobs;
}

void AddToFakeRegistry(FakeHttpClient& http, const std::string& base_url,
                       const std::string& repository, const std::string& tag,
                       const RegistryBlob& manifest, const std::vector<RegistryBlob>& blobs) {
  http.Add("GET", base_url + "/v2/", 200, "{}");
  std::string prefix = absl::StrCat(base_url, "/v2/", repository);
  http.Add("GET", absl::StrCat(prefix, "/manifests/", manifest.digest), 200, manifest.bytes,
           BlobHeaders(manifest));
  if (!tag.empty()) {
    http.Add("GET", absl::StrCat(prefix, "/manifests/", tag), 200, manifest.bytes,
             BlobHeaders(manifest));
  }
  for (const RegistryBlob& blob : blobs) {
    http.Add(
        "GET", absl::StrCat(prefix, "/blobs/", blob.digest), 200, blob.bytes,
        {{"Content-Type", "application/octet-stream"}, {"Docker-Content-Digest", blob.digest}});
  }
}

void AddToTestRegistry(TestHttpServer& server, const std::string& repository,
                       const std::string& tag, const RegistryBlob& manifest,
                       const std::vector<RegistryBlob>& blobs) {
  server.Route("GET", "/v2/",
               [](const TestHttpRequest&) { return TestHttpServer::Text(200, "{}"); });
  std::string prefix = absl::StrCat("/v2/", repository);
  auto serve = [](const RegistryBlob& blob, std::string type) {
    return [blob, type](const TestHttpRequest&) {
      TestHttpResponse response;
      response.headers = {{"Content-Type", type}, {"Docker-Content-Digest", blob.digest}};
      response.body = blob.bytes;
      return response;
    };
  };
  server.Route("GET", absl::StrCat(prefix, "/manifests/", manifest.digest),
               serve(manifest, manifest.media_type));
  if (!tag.empty()) {
    server.Route("GET", absl::StrCat(prefix, "/manifests/", tag),
                 serve(manifest, manifest.media_type));
  }
  for (const RegistryBlob& blob : blobs) {
    server.Route("GET", absl::StrCat(prefix, "/blobs/", blob.digest),
                 serve(blob, "application/octet-stream"));
  }
}

}  // namespace moat::testing
