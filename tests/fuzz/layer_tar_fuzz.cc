// Fuzzes the layer pipeline: decompression sniffing, ISA-L/zstd, libarchive tar walking, path
// normalization, whiteouts and limits, then the merged file-system view.
#include <cstddef>
#include <cstdint>
#include <string>

#include "image/filesystem_view.h"
#include "image/layer_stream.h"
#include "image/layer_walker.h"

namespace {

class WantAll : public moat::image::LayerVisitor {
 public:
  bool Wants(const moat::image::FileRecord&) override { return true; }
  void Visit(const moat::image::FileContent& content) override { bytes_ += content.data.size(); }
  void Skipped(int, const moat::image::FileRecord&, absl::string_view) override {}
  size_t bytes_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::ScanLimits limits;
  limits.max_file_size = 1 << 20;
  limits.max_files = 10000;
  limits.ratio_floor_bytes = 8 << 20;
  moat::image::LayerInfo layer;
  auto blob = std::make_unique<moat::platform::StringStream>(
      std::string(reinterpret_cast<const char*>(data), size));
  auto reader = moat::image::OpenLayerStream(std::move(blob), layer, limits,
                                             moat::image::DigestCheck::kNone);
  if (!reader.ok()) return 0;
  moat::image::FileBudget budget(limits.max_files);
  WantAll visitor;
  auto files = moat::image::WalkLayer(0, **reader, &visitor, limits, budget);
  if (!files.ok()) return 0;
  std::vector<moat::image::LayerFiles> layers;
  layers.push_back(std::move(*files));
  moat::image::FilesystemView view(layers);
  view.ForEachLive([&](const moat::image::FileRecord& f, moat::image::FileRef) {
    (void)view.Resolve(f.path, 40);
  });
  return 0;
}
