// Reads every layer of an image — in parallel, each streamed once — and merges them into the
// final file system view. Content consumers plug in as LayerVisitors.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "image/filesystem_view.h"
#include "image/image_source.h"
#include "image/layer_visitor.h"
#include "image/layer_walker.h"
#include "image/limits.h"

namespace moat::image {

struct ImageFiles {
  std::vector<LayerFiles> layers;
  std::unique_ptr<FilesystemView> view;  // views `layers`
};

struct ReadOptions {
  ScanLimits limits;
  int jobs = 2;  // layers read at once
  // Called (from worker threads, serialized) as each layer finishes.
  std::function<void(int layer, int layers_done, int layers_total)> on_layer_done;
};

// Fails on the first layer error (hostile or corrupt input, digest mismatch, limits).
// `visitors` may be null.
absl::StatusOr<std::unique_ptr<ImageFiles>> ReadImageFiles(ImageSource& source,
                                                           LayerVisitorFactory* visitors,
                                                           const ReadOptions& options);

}  // namespace moat::image
