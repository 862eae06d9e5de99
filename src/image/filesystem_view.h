// The image's final file system, computed from its layers: whiteouts and opaque directories
// applied, each file attributed to the layer that added it, and every file that a later layer
// deleted or replaced still known, tagged with the layer that did it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "image/layer_walker.h"

namespace moat::image {

struct FileRef {
  int layer = 0;
  uint32_t index = 0;  // into LayerFiles::files
};

class FilesystemView {
 public:
  // Applies `layers` (ordered base first). They must outlive the view and not change.
  explicit FilesystemView(const std::vector<LayerFiles>& layers);

  const FileRecord& Get(FileRef ref) const { return layers_[ref.layer].files[ref.index]; }
  // The live entry at `path` (canonical), without following symlinks.
  std::optional<FileRef> Lookup(absl::string_view path) const;
  // Follows symlinks in every component (relative and absolute targets stay inside the image).
  // NotFound when absent; FailedPrecondition "too many levels of symbolic links" on loops.
  absl::StatusOr<FileRef> Resolve(absl::string_view path, int max_hops) const;
  // True when the file that `layer` added at `path` is the one the final file system shows.
  bool IsLive(int layer, absl::string_view path) const;
  // The layer that deleted or replaced file `ref`, or -1 while it is live.
  int DeletedBy(FileRef ref) const { return deleted_by_[ref.layer][ref.index]; }
  size_t live_count() const { return live_.size(); }

  // Visits live entries in path order.
  template <typename Fn>
  void ForEachLive(Fn&& fn) const {
    for (const auto& [path, ref] : live_) fn(Get(ref), ref);
  }

 private:
  void ApplyLayer(int layer);
  void Remove(absl::string_view path, int by_layer);
  void RemoveBelow(absl::string_view dir, int by_layer);

  const std::vector<LayerFiles>& layers_;
  absl::btree_map<absl::string_view, FileRef> live_;
  std::vector<std::vector<int>> deleted_by_;
};

}  // namespace moat::image
