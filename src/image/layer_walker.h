// Walks the entries of one layer: normalizes and checks paths, applies the limits, records
// whiteouts, hashes executables and hands wanted file contents to a LayerVisitor.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "image/entry_reader.h"
#include "image/file_record.h"
#include "image/layer_visitor.h"
#include "image/limits.h"

namespace moat::image {

// The files one layer adds, and what it removes from the layers below.
struct LayerFiles {
  int layer = 0;
  std::vector<FileRecord> files;
  std::vector<std::string> whiteouts;    // canonical paths this layer deletes
  std::vector<std::string> opaque_dirs;  // dirs whose lower-layer contents this layer hides
  std::vector<std::string> warnings;
};

// The max_files budget, shared by all layers of an image (thread-safe).
class FileBudget {
 public:
  explicit FileBudget(int64_t max_files) : remaining_(max_files), max_(max_files) {}
  // False once the image has more entries than allowed.
  bool Take() { return remaining_.fetch_sub(1, std::memory_order_relaxed) > 0; }
  int64_t max() const { return max_; }

 private:
  std::atomic<int64_t> remaining_;
  int64_t max_;
};

// Reads `reader` to its end (including Finish(), so digests are checked). Hostile input — bad
// paths, too many files, too long paths, corrupt data — is an error naming the layer and file.
// `visitor` may be null.
absl::StatusOr<LayerFiles> WalkLayer(int layer, EntryReader& reader, LayerVisitor* visitor,
                                     const ScanLimits& limits, FileBudget& budget);

}  // namespace moat::image
