// The detector seams. File detectors see each regular file's content as its layer streams past
// (secrets, sensitive files, malware, Dockerfiles inside the image), per layer, so a file that
// a later layer deletes is still scanned. Image detectors run once on the image's config,
// history and final file system (config risks, build-history risks, setuid and world-writable
// files). See docs/design/findings.md.
#pragma once

#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "detect/finding.h"
#include "image/file_record.h"
#include "image/image.h"
#include "image/image_reader.h"

namespace moat::detect {

struct FileScanInput {
  int layer = 0;
  const image::FileRecord& file;  // file.path is canonical ("/app/.env")
  absl::string_view data;         // the whole content (at most --max-file-size bytes)
};

class FileDetector {
 public:
  virtual ~FileDetector() = default;
  virtual absl::string_view name() const = 0;  // "secret", "sensitive", "malware", ...
  // Whether Scan() wants this regular file. Called for every regular file of every layer: path
  // and size tests only, no allocation.
  virtual bool Wants(const image::FileRecord& file) const = 0;
  // Scans one file; must be thread-safe (layers are scanned concurrently). Appends findings with
  // category, rule, severity, title, fix, source and evidence.layer/path/line/excerpt filled.
  virtual void Scan(const FileScanInput& input, std::vector<Finding>* out) const = 0;
};

struct ImageScanInput {
  const image::ImageInfo& image;
  // The layers' files and the final file system; null when there is no image (a Dockerfile
  // scanned alone).
  const image::ImageFiles* files = nullptr;
};

class ImageDetector {
 public:
  virtual ~ImageDetector() = default;
  virtual absl::string_view name() const = 0;  // "config", "history", ...
  virtual void Scan(const ImageScanInput& input, std::vector<Finding>* out) const = 0;
};

struct Detectors {
  std::vector<std::unique_ptr<FileDetector>> file;
  std::vector<std::unique_ptr<ImageDetector>> image;
  bool empty() const { return file.empty() && image.empty(); }
};

}  // namespace moat::detect
