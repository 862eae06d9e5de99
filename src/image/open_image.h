// From a target string to an ImageSource: input-type detection for local images (archives, OCI
// layouts, root file systems) and the split of "path:tag" / "path@digest" selectors.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/image_source.h"
#include "image/limits.h"
#include "image/store_image_source.h"
#include "platform/file_system.h"

namespace moat::image {

enum class InputType { kAuto, kDockerArchive, kOciArchive, kOciDir, kRootfs, kRegistry };

// "docker-archive", "oci-archive", "oci-dir", "rootfs", "registry", "auto".
bool ParseInputType(absl::string_view name, InputType* out);
absl::string_view InputTypeName(InputType type);

struct ResolvedTarget {
  InputType type = InputType::kAuto;
  std::string path;        // local path, or the registry reference
  ImageSelector selector;  // tag/digest inside a local layout or archive
  // The archive, when detection already opened (and indexed) it.
  std::shared_ptr<BlobStore> store;
};

// Decides what `target` is. Transport prefixes (docker-archive:, oci-archive:, oci:, rootfs:,
// docker://) and `forced` override detection. A target that is no local path is a registry
// reference. Never touches the network.
absl::StatusOr<ResolvedTarget> ResolveTarget(platform::FileSystem* fs, absl::string_view target,
                                             InputType forced);

// Opens a local target (any type but kRegistry). `platform` picks from multi-platform indexes.
absl::StatusOr<std::unique_ptr<ImageSource>> OpenLocalImage(platform::FileSystem* fs,
                                                            const ResolvedTarget& target,
                                                            const Platform& platform,
                                                            const ScanLimits& limits);

}  // namespace moat::image
