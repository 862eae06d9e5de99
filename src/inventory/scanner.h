// Inventory of an image: runs every cataloger over the layers as they stream past, then
// assembles what the final file system shows into an Inventory.
#pragma once

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "image/image_reader.h"
#include "image/image_source.h"
#include "inventory/cataloger.h"
#include "inventory/package.h"

namespace moat::inventory {

struct InventoryResult {
  Inventory inventory;
  std::unique_ptr<image::ImageFiles> files;  // the file system, for detectors of later stages
};

// `catalogers` must outlive the call. Errors are image-level failures (corrupt layers, digest
// mismatches, limits); unparseable package files become warnings in the inventory.
absl::StatusOr<InventoryResult> BuildInventory(
    image::ImageSource& source, const std::vector<std::unique_ptr<Cataloger>>& catalogers,
    const image::ReadOptions& options);
// The same, with `also` (may be null: detectors) seeing file contents on the same layer read.
absl::StatusOr<InventoryResult> BuildInventory(
    image::ImageSource& source, const std::vector<std::unique_ptr<Cataloger>>& catalogers,
    const image::ReadOptions& options, image::LayerVisitorFactory* also);

}  // namespace moat::inventory
