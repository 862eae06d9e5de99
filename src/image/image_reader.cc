#include "image/image_reader.h"

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status.h"

namespace moat::image {
namespace {

// Largest layers first, so the last layer to finish is a small one.
std::vector<int> ScheduleOrder(const ImageInfo& info) {
  std::vector<int> order(info.layers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return info.layers[a].size > info.layers[b].size; });
  return order;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ImageFiles>> ReadImageFiles(ImageSource& source,
                                                           LayerVisitorFactory* visitors,
                                                           const ReadOptions& options) {
  const ImageInfo& info = source.info();
  const int total = static_cast<int>(info.layers.size());
  if (total > options.limits.max_layers) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "the image has ", total, " layers, beyond --max-layers ", options.limits.max_layers));
  }
  auto files = std::make_unique<ImageFiles>();
  files->layers.resize(total);
  FileBudget budget(options.limits.max_files);
  std::vector<int> order = ScheduleOrder(info);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  absl::Mutex mu;
  absl::Status first_error;
  int done = 0;

  auto work = [&] {
    while (!failed.load()) {
      size_t slot = next.fetch_add(1);
      if (slot >= order.size()) return;
      int layer = order[slot];
      std::unique_ptr<LayerVisitor> visitor = visitors ? visitors->ForLayer(layer) : nullptr;
      absl::StatusOr<LayerFiles> result = [&]() -> absl::StatusOr<LayerFiles> {
        MOAT_ASSIGN_OR_RETURN(auto reader, source.OpenLayer(layer));
        return WalkLayer(layer, *reader, visitor.get(), options.limits, budget);
      }();
      absl::MutexLock lock(&mu);
      if (!result.ok()) {
        if (first_error.ok()) first_error = result.status();
        failed = true;
        return;
      }
      files->layers[layer] = std::move(*result);
      ++done;
      if (options.on_layer_done) options.on_layer_done(layer, done, total);
    }
  };
  int threads = std::clamp(options.jobs, 1, std::max(total, 1));
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (!first_error.ok()) return first_error;
  files->view = std::make_unique<FilesystemView>(files->layers);
  return files;
}

}  // namespace moat::image
