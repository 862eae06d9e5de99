// Chooses the image's OS from the release files the final file system shows.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "image/filesystem_view.h"
#include "image/limits.h"
#include "inventory/package.h"

namespace moat::inventory {

// `os_by_path` holds what each live release file said. /etc/os-release is resolved through
// symlinks (it usually points at /usr/lib/os-release). Returns nullopt when nothing says.
std::optional<OsInfo> SelectOs(const std::map<std::string, OsInfo>& os_by_path,
                               const image::FilesystemView& view, const image::ScanLimits& limits);

}  // namespace moat::inventory
