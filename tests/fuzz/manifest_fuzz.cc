// Fuzzes manifest, index and image-config parsing and platform selection.
#include <cstddef>
#include <cstdint>
#include <string>

#include "image/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  for (absl::string_view type : {absl::string_view(""), moat::image::kOciIndexType,
                                 moat::image::kDockerManifestType}) {
    auto parsed = moat::image::ParseManifestOrIndex(text, type, "fuzz");
    if (parsed.ok() && std::holds_alternative<moat::image::Index>(*parsed)) {
      (void)moat::image::SelectPlatform(std::get<moat::image::Index>(*parsed),
                                        moat::image::Platform{"linux", "amd64", ""}, "fuzz");
    }
  }
  for (int layers = 0; layers < 3; ++layers) {
    moat::image::ImageInfo info;
    info.layers.resize(layers);
    (void)moat::image::ApplyImageConfig(text, "fuzz", &info);
  }
  return 0;
}
