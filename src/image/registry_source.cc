#include "image/registry_source.h"

#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status.h"
#include "image/layer_stream.h"
#include "image/manifest.h"
#include "image/registry_client.h"
#include "image/registry_reference.h"

namespace moat::image {
namespace {

// An index may point at another index (rare, but allowed by OCI); deeper nesting is refused.
constexpr int kMaxIndexDepth = 2;

bool IsImageConfigType(absl::string_view type) {
  return type.empty() || type == "application/vnd.oci.image.config.v1+json" ||
         type == "application/vnd.docker.container.image.v1+json";
}

class RegistryImageSource : public ImageSource {
 public:
  RegistryImageSource(std::unique_ptr<RegistryClient> client, ImageInfo info, ScanLimits limits)
      : client_(std::move(client)), info_(std::move(info)), limits_(limits) {}

  // For the convenience overload: the source owns its client and clock.
  void Own(std::unique_ptr<platform::HttpClient> http, std::unique_ptr<platform::Clock> clock) {
    owned_http_ = std::move(http);
    owned_clock_ = std::move(clock);
  }

  const ImageInfo& info() const override { return info_; }

  absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayer(int index) override {
    if (index < 0 || index >= static_cast<int>(info_.layers.size())) {
      return absl::OutOfRangeError(absl::StrCat("layer ", index, " does not exist: the image has ",
                                                info_.layers.size(), " layers"));
    }
    const LayerInfo& layer = info_.layers[static_cast<size_t>(index)];
    std::string what = absl::StrCat("pulling layer ", index, " ", layer.digest);
    MOAT_ASSIGN_OR_RETURN(auto blob, client_->OpenBlob(layer.digest, layer.size, what));
    return OpenLayerStream(std::move(blob), layer, limits_, DigestCheck::kBlob);
  }

 private:
  // Declared first so that they are destroyed last.
  std::unique_ptr<platform::HttpClient> owned_http_;
  std::unique_ptr<platform::Clock> owned_clock_;
  std::unique_ptr<RegistryClient> client_;
  ImageInfo info_;
  ScanLimits limits_;
};

struct Resolved {
  std::string top_digest;  // what the reference names: the index or the manifest
  std::string digest;      // the image manifest's
  Manifest manifest;
};

// Fetches the manifest the reference names and, through indexes, the one for the platform.
absl::StatusOr<Resolved> ResolveManifest(RegistryClient& client, const RegistryReference& ref,
                                         const RegistryOptions& options) {
  std::string what = absl::StrCat("fetching manifest ", ref.ToString());
  int64_t limit = options.limits.max_manifest_size;
  MOAT_ASSIGN_OR_RETURN(FetchedManifest fetched,
                        client.FetchManifest(ref.ManifestRef(), limit, what));
  Resolved resolved;
  resolved.top_digest = fetched.digest;
  for (int depth = 0;; ++depth) {
    MOAT_ASSIGN_OR_RETURN(ManifestOrIndex doc,
                          ParseManifestOrIndex(fetched.bytes, fetched.content_type, what));
    if (Manifest* manifest = std::get_if<Manifest>(&doc)) {
      resolved.digest = fetched.digest;
      resolved.manifest = std::move(*manifest);
      return resolved;
    }
    if (depth >= kMaxIndexDepth) {
      return absl::InvalidArgumentError(
          absl::StrCat(what, ": indexes nested deeper than ", kMaxIndexDepth));
    }
    MOAT_ASSIGN_OR_RETURN(Descriptor chosen,
                          SelectPlatform(std::get<Index>(doc), options.platform, what));
    what = absl::StrCat("fetching manifest ", ref.Name(), "@", chosen.digest, " (",
                        options.platform.ToString(), ")");
    if (chosen.size > limit) {
      return absl::ResourceExhaustedError(
          absl::StrCat(what, ": the manifest is larger than the limit of ", limit, " bytes"));
    }
    MOAT_ASSIGN_OR_RETURN(fetched, client.FetchManifest(chosen.digest, limit, what));
    if (fetched.content_type.empty()) fetched.content_type = chosen.media_type;
  }
}

absl::Status CheckManifest(const Manifest& manifest, const ScanLimits& limits,
                           absl::string_view what) {
  if (static_cast<int64_t>(manifest.layers.size()) > limits.max_layers) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, ": ", manifest.layers.size(), " layers, more than the limit of ", limits.max_layers));
  }
  if (!IsImageConfigType(manifest.config.media_type)) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not a container image (config type \"",
                                                   manifest.config.media_type, "\")"));
  }
  if (manifest.config.size > limits.max_config_size) {
    return absl::ResourceExhaustedError(absl::StrCat(
        what, ": the config is larger than the limit of ", limits.max_config_size, " bytes"));
  }
  for (size_t i = 0; i < manifest.layers.size(); ++i) {
    if (!IsValidSha256Digest(manifest.layers[i].digest)) {
      return absl::InvalidArgumentError(absl::StrCat(what, ": layer ", i, " has digest \"",
                                                     manifest.layers[i].digest,
                                                     "\", not a sha256 digest"));
    }
  }
  return absl::OkStatus();
}

ImageInfo BaseInfo(const RegistryOptions& options, const RegistryReference& ref,
                   const Resolved& resolved) {
  ImageInfo info;
  info.reference = options.reference;
  info.source_type = "registry";
  info.digest = resolved.digest;
  info.manifest_media_type = resolved.manifest.media_type;
  info.image_id = resolved.manifest.config.digest;
  if (!ref.tag.empty()) info.repo_tags.push_back(absl::StrCat(ref.Name(), ":", ref.tag));
  info.repo_digests.push_back(absl::StrCat(ref.Name(), "@", resolved.top_digest));
  info.layers = LayersFromManifest(resolved.manifest);
  return info;
}

}  // namespace

platform::HttpClientOptions HttpClientOptionsFor(const RegistryOptions& options) {
  platform::HttpClientOptions http;
  http.ca_file = options.ca_file;
  http.insecure_skip_verify = options.insecure;
  http.connect_timeout = options.connect_timeout;
  http.idle_timeout = options.idle_timeout;
  return http;
}

absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(const RegistryOptions& options,
                                                               platform::HttpClient* http,
                                                               platform::Clock* clock) {
  MOAT_ASSIGN_OR_RETURN(RegistryReference ref, ParseRegistryReference(options.reference));
  RegistryClientOptions client_options;
  client_options.credentials = options.credentials;
  client_options.plain_http = options.plain_http;
  client_options.allow_http_fallback = options.insecure;
  client_options.retry = options.retry;
  auto client =
      std::make_unique<RegistryClient>(ref.ApiHost(), ref.repository, client_options, http, clock);
  MOAT_ASSIGN_OR_RETURN(Resolved resolved, ResolveManifest(*client, ref, options));
  std::string what = absl::StrCat("reading image ", ref.Name(), "@", resolved.digest);
  MOAT_RETURN_IF_ERROR(CheckManifest(resolved.manifest, options.limits, what));
  ImageInfo info = BaseInfo(options, ref, resolved);
  std::string config_what = absl::StrCat("fetching config ", resolved.manifest.config.digest,
                                         " of ", ref.Name(), "@", resolved.digest);
  MOAT_ASSIGN_OR_RETURN(std::string config,
                        client->FetchBlob(resolved.manifest.config.digest,
                                          options.limits.max_config_size, config_what));
  MOAT_RETURN_IF_ERROR(ApplyImageConfig(config, config_what, &info));
  return std::unique_ptr<ImageSource>(
      std::make_unique<RegistryImageSource>(std::move(client), std::move(info), options.limits));
}

absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(
    const RegistryOptions& options, std::unique_ptr<platform::HttpClient> http,
    std::unique_ptr<platform::Clock> clock) {
  MOAT_ASSIGN_OR_RETURN(auto source, OpenRegistryImage(options, http.get(), clock.get()));
  static_cast<RegistryImageSource*>(source.get())->Own(std::move(http), std::move(clock));
  return source;
}

absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(const RegistryOptions& options) {
  return OpenRegistryImage(options, platform::NewCurlHttpClient(HttpClientOptionsFor(options)),
                           std::make_unique<platform::RealClock>());
}

}  // namespace moat::image
