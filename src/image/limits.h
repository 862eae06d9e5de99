// Hard limits that bound memory and time for any image, hostile or not. Every one has a flag.
#pragma once

#include <cstddef>
#include <cstdint>

namespace moat::image {

struct ScanLimits {
  // Largest file whose content is read into memory for analysis; larger files are still
  // listed (and hashed when executable) but not parsed.
  int64_t max_file_size = 128ll << 20;
  // Most file entries across all layers.
  int64_t max_files = 1'000'000;
  // Longest path (bytes) of an entry; longer ones are a hostile-input error.
  size_t max_path_length = 4096;
  int max_layers = 256;
  // Uncompressed bytes per compressed byte of a layer; beyond it the layer is refused as a
  // decompression bomb. Only checked once a layer has inflated past `ratio_floor_bytes`.
  double max_decompression_ratio = 200.0;
  int64_t ratio_floor_bytes = 64ll << 20;
  // Manifests, indexes and configs are small JSON; anything larger is refused.
  int64_t max_manifest_size = 4ll << 20;
  int64_t max_config_size = 8ll << 20;
  // Symlink hops when resolving a path inside the image.
  int max_symlink_hops = 40;
};

}  // namespace moat::image
