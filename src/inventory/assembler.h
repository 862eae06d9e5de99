// Turns per-file cataloger results into the image's inventory: keeps what the final file system
// shows, joins OS package files and licences, drops application packages that are files of OS
// packages and lock-file entries that are also installed, adds package URLs and executables.
#pragma once

#include <vector>

#include "image/image.h"
#include "image/image_reader.h"
#include "image/limits.h"
#include "inventory/file_result.h"
#include "inventory/package.h"

namespace moat::inventory {

Inventory AssembleInventory(const image::ImageInfo& info, const image::ImageFiles& files,
                            std::vector<FileResult> results, const image::ScanLimits& limits);

// The executable index: every live regular file (or hardlink) with an execute bit.
std::vector<Executable> CollectExecutables(const image::ImageFiles& files);

}  // namespace moat::inventory
