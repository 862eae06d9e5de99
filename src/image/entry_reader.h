// One layer (or a root filesystem) as a sequence of file entries with their contents.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"

namespace moat::image {

enum class EntryType {
  kRegular,
  kDirectory,
  kSymlink,
  kHardlink,
  kCharDevice,
  kBlockDevice,
  kFifo,
  kSocket
};

// An entry as the layer stores it; `path` is still raw (not yet normalized).
struct EntryHeader {
  std::string path;
  EntryType type = EntryType::kRegular;
  uint32_t mode = 0;  // permission bits incl. setuid/setgid/sticky
  int64_t size = 0;   // content bytes (0 for everything but regular files)
  uint32_t uid = 0;
  uint32_t gid = 0;
  int64_t mtime = 0;
  std::string link_target;  // symlink target, or hardlink target path as stored
};

// Not thread-safe. Content of the current entry may be read partly or not at all.
class EntryReader {
 public:
  virtual ~EntryReader() = default;
  // Advances to the next entry; returns false at the end of the layer.
  virtual absl::StatusOr<bool> Next(EntryHeader* header) = 0;
  // Reads content of the current entry; 0 at its end.
  virtual absl::StatusOr<size_t> ReadData(char* buffer, size_t size) = 0;
  // Called after the last entry: reads any trailing bytes so digests can be checked.
  virtual absl::Status Finish() = 0;
};

}  // namespace moat::image
