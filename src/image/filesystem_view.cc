#include "image/filesystem_view.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/path.h"

namespace moat::image {

FilesystemView::FilesystemView(const std::vector<LayerFiles>& layers) : layers_(layers) {
  deleted_by_.resize(layers.size());
  for (size_t i = 0; i < layers.size(); ++i) {
    deleted_by_[i].assign(layers[i].files.size(), -1);
  }
  for (size_t i = 0; i < layers.size(); ++i) ApplyLayer(static_cast<int>(i));
}

void FilesystemView::ApplyLayer(int layer) {
  const LayerFiles& files = layers_[layer];
  for (const std::string& dir : files.opaque_dirs) RemoveBelow(dir, layer);
  for (const std::string& path : files.whiteouts) {
    Remove(path, layer);
    RemoveBelow(path, layer);
  }
  for (uint32_t i = 0; i < files.files.size(); ++i) {
    const FileRecord& record = files.files[i];
    auto it = live_.find(record.path);
    if (it != live_.end()) {
      bool was_dir = Get(it->second).type == EntryType::kDirectory;
      deleted_by_[it->second.layer][it->second.index] = layer;
      live_.erase(it);
      // A file or link replacing a directory hides everything that was below it.
      if (was_dir && record.type != EntryType::kDirectory) RemoveBelow(record.path, layer);
    }
    live_.emplace(absl::string_view(record.path), FileRef{layer, i});
  }
}

void FilesystemView::Remove(absl::string_view path, int by_layer) {
  auto it = live_.find(path);
  if (it == live_.end()) return;
  deleted_by_[it->second.layer][it->second.index] = by_layer;
  live_.erase(it);
}

void FilesystemView::RemoveBelow(absl::string_view dir, int by_layer) {
  std::string prefix = dir == "/" ? std::string("/") : absl::StrCat(dir, "/");
  auto it = live_.lower_bound(prefix);
  while (it != live_.end() && absl::StartsWith(it->first, prefix)) {
    deleted_by_[it->second.layer][it->second.index] = by_layer;
    it = live_.erase(it);
  }
}

std::optional<FileRef> FilesystemView::Lookup(absl::string_view path) const {
  auto it = live_.find(path);
  if (it == live_.end()) return std::nullopt;
  return it->second;
}

bool FilesystemView::IsLive(int layer, absl::string_view path) const {
  auto it = live_.find(path);
  return it != live_.end() && it->second.layer == layer;
}

absl::StatusOr<FileRef> FilesystemView::Resolve(absl::string_view path, int max_hops) const {
  std::string current(path);
  int hops = 0;
  while (true) {
    std::vector<absl::string_view> parts = absl::StrSplit(current, '/', absl::SkipEmpty());
    std::string prefix;
    bool restarted = false;
    std::optional<FileRef> ref;
    for (size_t k = 0; k < parts.size(); ++k) {
      absl::StrAppend(&prefix, "/", parts[k]);
      ref = Lookup(prefix);
      if (!ref) {
        // Layers need not list parent directories: a missing one is implicit.
        if (k + 1 < parts.size()) continue;
        return absl::NotFoundError(absl::StrCat(path, ": no such file in the image"));
      }
      const FileRecord& record = Get(*ref);
      if (record.type != EntryType::kSymlink) continue;
      if (++hops > max_hops) {
        return absl::FailedPreconditionError(
            absl::StrCat(path, ": too many levels of symbolic links"));
      }
      std::string next = ResolveLinkTarget(prefix, record.link_target);
      for (size_t rest = k + 1; rest < parts.size(); ++rest)
        absl::StrAppend(&next, "/", parts[rest]);
      current = next == "" ? "/" : next;
      restarted = true;
      break;
    }
    if (!restarted) {
      if (!ref) return absl::NotFoundError(absl::StrCat(path, ": is the image root"));
      return *ref;
    }
  }
}

}  // namespace moat::image
