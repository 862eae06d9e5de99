// The file-system seam: everything Moat reads or writes on the local disk goes through here.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform/stream.h"

namespace moat::platform {

enum class FileKind { kRegular, kDirectory, kSymlink, kOther };

struct FileStat {
  FileKind kind = FileKind::kOther;
  uint32_t mode = 0;  // permission bits incl. setuid/setgid/sticky
  int64_t size = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  int64_t mtime = 0;  // seconds since the epoch
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t link_count = 1;
};

struct DirEntry {
  std::string name;
  FileKind kind = FileKind::kOther;
};

// Thread-safe: implementations hold no per-call state.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  // Opens a regular file for reading. With follow_symlinks false a symlink fails to open.
  virtual absl::StatusOr<std::unique_ptr<SeekableStream>> OpenRead(const std::string& path,
                                                                   bool follow_symlinks = true) = 0;
  virtual absl::StatusOr<FileStat> Stat(const std::string& path) = 0;      // follows links
  virtual absl::StatusOr<FileStat> LinkStat(const std::string& path) = 0;  // does not
  virtual absl::StatusOr<std::string> ReadLink(const std::string& path) = 0;
  // Entries except "." and "..", sorted by name.
  virtual absl::StatusOr<std::vector<DirEntry>> ListDir(const std::string& path) = 0;
  // Writes through a temporary file and rename, so readers never see a half-written file.
  virtual absl::Status WriteFileAtomic(const std::string& path, absl::string_view contents) = 0;

  // Reads a whole file, failing when it is larger than `max_bytes`.
  absl::StatusOr<std::string> ReadFile(const std::string& path, size_t max_bytes);
};

// The real thing, on POSIX calls.
class PosixFileSystem : public FileSystem {
 public:
  absl::StatusOr<std::unique_ptr<SeekableStream>> OpenRead(const std::string& path,
                                                           bool follow_symlinks) override;
  absl::StatusOr<FileStat> Stat(const std::string& path) override;
  absl::StatusOr<FileStat> LinkStat(const std::string& path) override;
  absl::StatusOr<std::string> ReadLink(const std::string& path) override;
  absl::StatusOr<std::vector<DirEntry>> ListDir(const std::string& path) override;
  absl::Status WriteFileAtomic(const std::string& path, absl::string_view contents) override;
};

// Maps errno to an absl::Status with "<what>: <strerror>".
absl::Status ErrnoStatus(int error, absl::string_view what);

}  // namespace moat::platform
