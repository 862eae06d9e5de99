// Where an image comes from: archives, OCI layouts, root file systems and registries all present
// the same two things — the image's metadata and its layers as entry streams.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "image/entry_reader.h"
#include "image/image.h"

namespace moat::image {

class ImageSource {
 public:
  virtual ~ImageSource() = default;
  virtual const ImageInfo& info() const = 0;
  // Opens layer `index` (0 = base) as entries, decompressed, with its digest checked as the
  // bytes stream past (a mismatch fails Finish() or an earlier read). Thread-safe: different
  // layers may be open at once on different threads.
  virtual absl::StatusOr<std::unique_ptr<EntryReader>> OpenLayer(int index) = 0;
};

}  // namespace moat::image
