// Image sources over a BlobStore: OCI image layouts (directory or oci-archive) and
// docker-archives (`docker save`), including the image selection rules of each.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "image/blob_store.h"
#include "image/image_source.h"
#include "image/limits.h"

namespace moat::image {

// Which image of a multi-image layout or archive to read. Empty fields: not specified.
struct ImageSelector {
  std::string tag;     // OCI ref.name ("app", "demo/app:1.0") or docker RepoTag
  std::string digest;  // manifest digest (OCI) — "sha256:<hex>"
  Platform platform{"linux", "amd64", ""};
};

// Reads index.json of an OCI layout. Without a selector and with several images, fails and
// lists them. Nested indexes are resolved by platform. Manifest and config digests are checked.
absl::StatusOr<std::unique_ptr<ImageSource>> OpenOciLayout(std::shared_ptr<BlobStore> store,
                                                           const ImageSelector& selector,
                                                           const ScanLimits& limits,
                                                           std::string reference,
                                                           std::string source_type);

// Reads manifest.json of a docker-archive; layers are checked against the config's diff_ids.
absl::StatusOr<std::unique_ptr<ImageSource>> OpenDockerArchive(std::shared_ptr<BlobStore> store,
                                                               const ImageSelector& selector,
                                                               const ScanLimits& limits,
                                                               std::string reference);

}  // namespace moat::image
