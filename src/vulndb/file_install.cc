#include "vulndb/file_install.h"

#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "absl/strings/str_cat.h"
#include "platform/file_system.h"

namespace moat::vulndb {
namespace {

int RemoveEntry(const char* path, const struct stat*, int, struct FTW*) {
  return ::remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

absl::Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return platform::ErrnoStatus(errno, absl::StrCat("opening ", dir));
  int rc = ::fsync(fd);
  int error = errno;
  ::close(fd);
  if (rc != 0) return platform::ErrnoStatus(error, absl::StrCat("syncing ", dir));
  return absl::OkStatus();
}

}  // namespace

std::string DirectoryOf(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status MakeDirs(const std::string& dir) {
  if (dir.empty() || dir == "." || dir == "/") return absl::OkStatus();
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(dir, ": not a directory"));
  }
  std::string parent = DirectoryOf(dir);
  if (parent != dir) {
    absl::Status status = MakeDirs(parent);
    if (!status.ok()) return status;
  }
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    return platform::ErrnoStatus(errno, absl::StrCat("creating directory ", dir));
  }
  return absl::OkStatus();
}

absl::Status RemoveTree(const std::string& path) {
  if (::nftw(path.c_str(), RemoveEntry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT) {
    return platform::ErrnoStatus(errno, absl::StrCat("removing ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<TempFile>> TempFile::CreateBeside(const std::string& target,
                                                                 int mode) {
  std::string dir = DirectoryOf(target);
  absl::Status made = MakeDirs(dir);
  if (!made.ok()) return made;
  size_t slash = target.rfind('/');
  std::string name = slash == std::string::npos ? target : target.substr(slash + 1);
  std::string pattern = absl::StrCat(dir, "/.", name, ".tmp-XXXXXX");
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return platform::ErrnoStatus(errno, absl::StrCat("creating a file in ", dir));
  ::fchmod(fd, static_cast<mode_t>(mode));
  return std::unique_ptr<TempFile>(new TempFile(fd, pattern, target));
}

TempFile::~TempFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!installed_) ::unlink(path_.c_str());
}

absl::Status WriteAllToFd(int fd, absl::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return platform::ErrnoStatus(errno, absl::StrCat("writing ", path));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status TempFile::Write(absl::string_view bytes) { return WriteAllToFd(fd_, bytes, path_); }

absl::Status TempFile::Install() {
  if (::fsync(fd_) != 0) return platform::ErrnoStatus(errno, absl::StrCat("syncing ", path_));
  int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) return platform::ErrnoStatus(errno, absl::StrCat("closing ", path_));
  if (::rename(path_.c_str(), target_.c_str()) != 0) {
    return platform::ErrnoStatus(errno, absl::StrCat("renaming ", path_, " to ", target_));
  }
  installed_ = true;
  return SyncDirectory(DirectoryOf(target_));
}

absl::StatusOr<std::unique_ptr<TempDir>> TempDir::Create(const std::string& dir,
                                                         absl::string_view prefix) {
  absl::Status made = MakeDirs(dir);
  if (!made.ok()) return made;
  std::string pattern = absl::StrCat(dir, "/", prefix, "XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) {
    return platform::ErrnoStatus(errno, absl::StrCat("creating a directory in ", dir));
  }
  return std::unique_ptr<TempDir>(new TempDir(pattern));
}

TempDir::~TempDir() { RemoveTree(path_).IgnoreError(); }

}  // namespace moat::vulndb
