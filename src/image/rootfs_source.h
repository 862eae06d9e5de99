// A flattened root file system directory as an image of one layer. Symlinks are recorded, never
// followed, so loops and links pointing outside the directory are harmless.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "image/image_source.h"
#include "platform/file_system.h"

namespace moat::image {

absl::StatusOr<std::unique_ptr<ImageSource>> OpenRootfs(platform::FileSystem* fs, std::string root);

}  // namespace moat::image
