// Installing files atomically: a temporary file or directory next to the target (same file
// system, so rename is atomic), removed again unless the result is installed. SQLite writes the
// database by path, so this is plain POSIX rather than the FileSystem seam.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

// Creates `dir` and its missing parents (mode 0755).
absl::Status MakeDirs(const std::string& dir);
// Removes `path` and everything below it; symlinks are removed, never followed.
absl::Status RemoveTree(const std::string& path);
// The directory part of `path` ("." when it has none).
std::string DirectoryOf(const std::string& path);

// A new file "<dir of target>/.<name of target>.tmp-XXXXXX", deleted on destruction unless
// Install() succeeded. Not thread-safe.
// Writes all of `bytes` to `fd` (retrying short writes and EINTR); errors name `path`.
absl::Status WriteAllToFd(int fd, absl::string_view bytes, const std::string& path);

class TempFile {
 public:
  static absl::StatusOr<std::unique_ptr<TempFile>> CreateBeside(const std::string& target,
                                                                int mode = 0644);
  ~TempFile();
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const std::string& path() const { return path_; }
  absl::Status Write(absl::string_view bytes);
  // Flushes the file to disk, renames it over the target and syncs the directory.
  absl::Status Install();

 private:
  TempFile(int fd, std::string path, std::string target)
      : fd_(fd), path_(std::move(path)), target_(std::move(target)) {}
  int fd_;
  std::string path_;
  std::string target_;
  bool installed_ = false;
};

// A new directory "<dir>/<prefix>XXXXXX", removed with its contents on destruction.
class TempDir {
 public:
  static absl::StatusOr<std::unique_ptr<TempDir>> Create(const std::string& dir,
                                                         absl::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

}  // namespace moat::vulndb
