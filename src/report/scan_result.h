// The result of one scan: the image, its inventory, and what produced it. Writers render it.
#pragma once

#include <string>

#include "image/image.h"
#include "inventory/package.h"

namespace moat::report {

struct ScanResult {
  image::ImageInfo image;
  inventory::Inventory inventory;
  std::string scanner_version;  // moat version
  std::string scanned_at;       // RFC 3339 UTC
};

// Counts of packages per ecosystem name, in the order ecosystems first appear.
std::vector<std::pair<std::string, int>> CountByEcosystem(const inventory::Inventory& inventory);

}  // namespace moat::report
