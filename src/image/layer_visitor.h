// Hooks that see file contents while a layer streams past: catalogers (and later detectors)
// plug in here, so no layer is ever extracted to disk.
#pragma once

#include <memory>

#include "absl/strings/string_view.h"
#include "image/file_record.h"

namespace moat::image {

struct FileContent {
  int layer = 0;
  const FileRecord& file;
  absl::string_view data;  // the whole content; only valid during Visit()
};

// One visitor per layer, used from one thread at a time.
class LayerVisitor {
 public:
  virtual ~LayerVisitor() = default;
  // Whether Visit() wants the content of this regular file. Called for every regular file, so
  // it must be cheap (path tests only).
  virtual bool Wants(const FileRecord& file) = 0;
  // Receives the content of a wanted file no larger than ScanLimits::max_file_size. Problems
  // with the content are the visitor's to record; they do not stop the layer.
  virtual void Visit(const FileContent& content) = 0;
  // A wanted file that was not read (too large); `reason` says why.
  virtual void Skipped(int layer, const FileRecord& file, absl::string_view reason) = 0;
};

// Makes the visitor of each layer; called from worker threads, so it must be thread-safe.
class LayerVisitorFactory {
 public:
  virtual ~LayerVisitorFactory() = default;
  virtual std::unique_ptr<LayerVisitor> ForLayer(int layer) = 0;
};

}  // namespace moat::image
