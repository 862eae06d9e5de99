#include "platform/file_system.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::platform {
namespace {

class PosixFile : public SeekableStream {
 public:
  PosixFile(int fd, int64_t size, std::string path)
      : fd_(fd), size_(size), path_(std::move(path)) {}
  ~PosixFile() override { ::close(fd_); }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    while (true) {
      ssize_t n = ::pread(fd_, buffer, size, pos_);
      if (n >= 0) {
        pos_ += n;
        return static_cast<size_t>(n);
      }
      if (errno != EINTR) return ErrnoStatus(errno, absl::StrCat("reading ", path_));
    }
  }
  int64_t Size() const override { return size_; }
  absl::Status Seek(int64_t offset) override {
    if (offset < 0) return absl::OutOfRangeError(absl::StrCat(path_, ": negative seek"));
    pos_ = offset;
    return absl::OkStatus();
  }
  int64_t Tell() const override { return pos_; }

 private:
  int fd_;
  int64_t size_;
  std::string path_;
  int64_t pos_ = 0;
};

FileKind KindOf(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::kRegular;
  if (S_ISDIR(mode)) return FileKind::kDirectory;
  if (S_ISLNK(mode)) return FileKind::kSymlink;
  return FileKind::kOther;
}

FileStat ToFileStat(const struct stat& st) {
  FileStat out;
  out.kind = KindOf(st.st_mode);
  out.mode = st.st_mode & 07777;
  out.size = st.st_size;
  out.uid = st.st_uid;
  out.gid = st.st_gid;
  out.mtime = st.st_mtim.tv_sec;
  out.device = st.st_dev;
  out.inode = st.st_ino;
  out.link_count = st.st_nlink;
  return out;
}

}  // namespace

absl::Status ErrnoStatus(int error, absl::string_view what) {
  std::string message = absl::StrCat(what, ": ", std::strerror(error));
  switch (error) {
    case ENOENT:
      return absl::NotFoundError(message);
    case EACCES:
    case EPERM:
      return absl::PermissionDeniedError(message);
    case EEXIST:
      return absl::AlreadyExistsError(message);
    case ENOTDIR:
    case EISDIR:
    case ELOOP:
    case ENAMETOOLONG:
      return absl::FailedPreconditionError(message);
    default:
      return absl::UnknownError(message);
  }
}

absl::StatusOr<std::string> FileSystem::ReadFile(const std::string& path, size_t max_bytes) {
  MOAT_ASSIGN_OR_RETURN(auto stream, OpenRead(path));
  if (stream->Size() > static_cast<int64_t>(max_bytes)) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", stream->Size(), " bytes, larger than the limit of ", max_bytes));
  }
  return ReadAll(*stream, max_bytes, path);
}

absl::StatusOr<std::unique_ptr<SeekableStream>> PosixFileSystem::OpenRead(const std::string& path,
                                                                          bool follow_symlinks) {
  int flags = O_RDONLY | O_CLOEXEC | (follow_symlinks ? 0 : O_NOFOLLOW);
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", path));
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int error = errno;
    ::close(fd);
    return ErrnoStatus(error, absl::StrCat("stat ", path));
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file"));
  }
  return std::make_unique<PosixFile>(fd, st.st_size, path);
}

absl::StatusOr<FileStat> PosixFileSystem::Stat(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(errno, absl::StrCat("stat ", path));
  return ToFileStat(st);
}

absl::StatusOr<FileStat> PosixFileSystem::LinkStat(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0) return ErrnoStatus(errno, absl::StrCat("lstat ", path));
  return ToFileStat(st);
}

absl::StatusOr<std::string> PosixFileSystem::ReadLink(const std::string& path) {
  std::string buffer(4096, '\0');
  ssize_t n = ::readlink(path.c_str(), buffer.data(), buffer.size());
  if (n < 0) return ErrnoStatus(errno, absl::StrCat("readlink ", path));
  buffer.resize(static_cast<size_t>(n));
  return buffer;
}

absl::StatusOr<std::vector<DirEntry>> PosixFileSystem::ListDir(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return ErrnoStatus(errno, absl::StrCat("listing ", path));
  std::vector<DirEntry> out;
  while (struct dirent* ent = ::readdir(dir)) {
    absl::string_view name = ent->d_name;
    if (name == "." || name == "..") continue;
    DirEntry entry{std::string(name), FileKind::kOther};
    switch (ent->d_type) {
      case DT_REG:
        entry.kind = FileKind::kRegular;
        break;
      case DT_DIR:
        entry.kind = FileKind::kDirectory;
        break;
      case DT_LNK:
        entry.kind = FileKind::kSymlink;
        break;
      case DT_UNKNOWN: {
        struct stat st;
        std::string full = absl::StrCat(path, "/", name);
        if (::lstat(full.c_str(), &st) == 0) entry.kind = KindOf(st.st_mode);
        break;
      }
      default:
        break;
    }
    out.push_back(std::move(entry));
  }
  ::closedir(dir);
  std::sort(out.begin(), out.end(),
            [](const DirEntry& a, const DirEntry& b) { return a.name < b.name; });
  return out;
}

namespace {

// Writes all of `contents` to `fd`, retrying short writes; errno on failure.
bool WriteAll(int fd, absl::string_view contents) {
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// A device, FIFO or socket ("-o /dev/null", "-o /dev/stdout", a pipe) is written in place:
// renaming a file over it would replace the device node.
absl::Status WriteSpecialFile(const std::string& path, absl::string_view contents) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("opening ", path));
  if (!WriteAll(fd, contents)) {
    int error = errno;
    ::close(fd);
    return ErrnoStatus(error, absl::StrCat("writing ", path));
  }
  if (::close(fd) != 0) return ErrnoStatus(errno, absl::StrCat("writing ", path));
  return absl::OkStatus();
}

}  // namespace

absl::Status PosixFileSystem::WriteFileAtomic(const std::string& path, absl::string_view contents) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    return WriteSpecialFile(path, contents);
  }
  std::string temp = absl::StrCat(path, ".tmp-", ::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, absl::StrCat("creating ", temp));
  if (!WriteAll(fd, contents)) {
    int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    return ErrnoStatus(error, absl::StrCat("writing ", temp));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return ErrnoStatus(error, absl::StrCat("writing ", temp));
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    return ErrnoStatus(error, absl::StrCat("renaming ", temp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace moat::platform
