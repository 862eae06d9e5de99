#include "vulndb/db_extract.h"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/path.h"
#include "common/status.h"
#include "vulndb/archive_reader.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

class OutFile {
 public:
  ~OutFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  absl::Status Open(const std::string& path) {
    path_ = path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd_ < 0) return platform::ErrnoStatus(errno, absl::StrCat("creating ", path));
    return absl::OkStatus();
  }
  absl::Status Write(absl::string_view bytes) { return WriteAllToFd(fd_, bytes, path_); }

 private:
  int fd_ = -1;
  std::string path_;
};

// Copies the current member to `dest`, adding its size to `stats` within the limit.
absl::Status CopyMember(ArchiveReader& reader, const std::string& dest, const ExtractLimits& limits,
                        std::vector<char>& buffer, ExtractStats* stats) {
  MOAT_RETURN_IF_ERROR(MakeDirs(DirectoryOf(dest)));
  OutFile out;
  MOAT_RETURN_IF_ERROR(out.Open(dest));
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, reader.Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    stats->bytes += static_cast<int64_t>(n);
    if (stats->bytes > limits.max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("unpacks to more than the limit of ", limits.max_bytes, " bytes"));
    }
    MOAT_RETURN_IF_ERROR(out.Write(absl::string_view(buffer.data(), n)));
  }
  ++stats->files;
  return absl::OkStatus();
}

absl::StatusOr<ExtractStats> Extract(ArchiveReader& reader, const std::string& dest_dir,
                                     const ExtractLimits& limits) {
  ExtractStats stats;
  std::vector<char> buffer(1 << 20);
  int64_t members = 0;
  while (true) {
    MOAT_ASSIGN_OR_RETURN(archive_entry * entry, reader.Next());
    if (entry == nullptr) break;
    if (++members > limits.max_members) {
      return absl::ResourceExhaustedError(
          absl::StrCat("more than the limit of ", limits.max_members, " members"));
    }
    const char* raw = archive_entry_pathname(entry);
    std::string name = raw != nullptr ? raw : "";
    auto path = NormalizeArchivePath(name);
    if (!path.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unsafe member name ", PrintableName(name), ": ", path.status().message()));
    }
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr ||
        *path == "/") {
      ++stats.skipped;
      continue;
    }
    MOAT_RETURN_IF_ERROR(CopyMember(reader, dest_dir + *path, limits, buffer, &stats));
  }
  return stats;
}

}  // namespace

absl::StatusOr<ExtractStats> ExtractFeedArchive(platform::FileSystem* fs,
                                                const std::string& archive_path,
                                                FeedArchive archive, const std::string& dest_dir,
                                                const ExtractLimits& limits) {
  if (archive == FeedArchive::kFile) {
    return absl::InvalidArgumentError("a single-file feed is not an archive");
  }
  MOAT_ASSIGN_OR_RETURN(auto stream, fs->OpenRead(archive_path));
  ArchiveFormat format = archive == FeedArchive::kZip ? ArchiveFormat::kZip : ArchiveFormat::kTar;
  MOAT_ASSIGN_OR_RETURN(auto reader, ArchiveReader::Open(stream.get(), format, archive_path));
  auto stats = Extract(*reader, dest_dir, limits);
  if (!stats.ok()) return Annotate(stats.status(), absl::StrCat("unpacking ", archive_path));
  return stats;
}

}  // namespace moat::vulndb
