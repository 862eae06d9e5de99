// OCI and Docker schema 2 manifests, indexes / manifest lists and image configs: parsing and
// platform selection, shared by OCI layouts, archives and registries.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/image.h"

namespace moat::image {

inline constexpr absl::string_view kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr absl::string_view kOciIndexType = "application/vnd.oci.image.index.v1+json";
inline constexpr absl::string_view kDockerManifestType =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr absl::string_view kDockerManifestListType =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr absl::string_view kDockerSchema1Type =
    "application/vnd.docker.distribution.manifest.v1+json";
inline constexpr absl::string_view kDockerSchema1SignedType =
    "application/vnd.docker.distribution.manifest.v1+prettyjws";

struct Descriptor {
  std::string media_type;
  std::string digest;
  int64_t size = -1;
  std::optional<Platform> platform;
  std::map<std::string, std::string> annotations;
};

struct Manifest {
  std::string media_type;
  Descriptor config;
  std::vector<Descriptor> layers;
};

struct Index {
  std::string media_type;
  std::vector<Descriptor> manifests;
};

using ManifestOrIndex = std::variant<Manifest, Index>;

// Parses a manifest or an index. `content_type` (from HTTP or a descriptor) wins over the
// document's own mediaType when given. Refuses schema 1 with a clear message. `what` names the
// document in errors.
absl::StatusOr<ManifestOrIndex> ParseManifestOrIndex(absl::string_view json,
                                                     absl::string_view content_type,
                                                     absl::string_view what);

// Picks the manifest for `wanted` from an index. Without a match the error lists the platforms
// the index has. Attestation manifests (platform unknown/unknown) are ignored.
absl::StatusOr<Descriptor> SelectPlatform(const Index& index, const Platform& wanted,
                                          absl::string_view what);

// Fills platform, config, history, created and layers[].diff_id/created_by of `info` from an
// image config blob. `info->layers` must already hold one entry per manifest layer.
absl::Status ApplyImageConfig(absl::string_view json, absl::string_view what, ImageInfo* info);

// Layers from a manifest's descriptors (index, digest, size, media type).
std::vector<LayerInfo> LayersFromManifest(const Manifest& manifest);

}  // namespace moat::image
