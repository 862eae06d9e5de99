// BlobStore over a tar archive (docker-archive, oci-archive), see blob_store.h.
#include <archive.h>
#include <archive_entry.h>

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/path.h"
#include "common/status.h"
#include "image/blob_store.h"

namespace moat::image {
namespace {

constexpr size_t kBuffer = 256 * 1024;
constexpr int kMaxMemberLinkHops = 8;

struct Member {
  int64_t offset = -1;  // data offset in a plain archive
  int64_t size = 0;
  bool symlink = false;
  std::string target;  // canonical member name a symlink points to
};

// libarchive reading from a SeekableStream, with seek and skip so plain archives skip members
// without reading them.
class ArchiveCursor {
 public:
  ArchiveCursor(std::unique_ptr<platform::SeekableStream> file, std::string what)
      : file_(std::move(file)), what_(std::move(what)), buffer_(kBuffer) {
    archive_ = archive_read_new();
    archive_read_support_format_tar(archive_);
    archive_read_support_format_gnutar(archive_);
    archive_read_support_filter_all(archive_);
    archive_read_set_read_callback(archive_, &ArchiveCursor::ReadCb);
    archive_read_set_seek_callback(archive_, &ArchiveCursor::SeekCb);
    archive_read_set_skip_callback(archive_, &ArchiveCursor::SkipCb);
    archive_read_set_callback_data(archive_, this);
    open_result_ = archive_read_open1(archive_);
  }
  ~ArchiveCursor() { archive_read_free(archive_); }

  // Next member; false at the end.
  absl::StatusOr<bool> Next(archive_entry** entry) {
    if (open_result_ != ARCHIVE_OK) return Error("not a tar archive");
    int r = archive_read_next_header(archive_, entry);
    if (r == ARCHIVE_EOF) return false;
    if (r < ARCHIVE_WARN) return Error("reading archive");
    return true;
  }
  absl::StatusOr<size_t> Read(char* buffer, size_t size) {
    la_ssize_t n = archive_read_data(archive_, buffer, size);
    if (n < 0) return Error("reading archive member");
    return static_cast<size_t>(n);
  }
  bool compressed() const { return archive_filter_code(archive_, 0) != ARCHIVE_FILTER_NONE; }
  // Offset of the current member's data in the file (plain archives only).
  int64_t data_offset() const { return archive_filter_bytes(archive_, 0); }

 private:
  absl::Status Error(absl::string_view doing) {
    if (!io_status_.ok()) return Annotate(io_status_, what_);
    const char* message = archive_error_string(archive_);
    return absl::DataLossError(
        absl::StrCat(what_, ": ", doing, ": ", message != nullptr ? message : "corrupt archive"));
  }
  static la_ssize_t ReadCb(archive* a, void* self_ptr, const void** out) {
    auto* self = static_cast<ArchiveCursor*>(self_ptr);
    auto n = self->file_->Read(self->buffer_.data(), self->buffer_.size());
    if (!n.ok()) {
      self->io_status_ = n.status();
      archive_set_error(a, EIO, "%s", std::string(n.status().message()).c_str());
      return -1;
    }
    *out = self->buffer_.data();
    return static_cast<la_ssize_t>(*n);
  }
  static la_int64_t SeekCb(archive*, void* self_ptr, la_int64_t offset, int whence) {
    auto* self = static_cast<ArchiveCursor*>(self_ptr);
    int64_t base = whence == SEEK_SET   ? 0
                   : whence == SEEK_CUR ? self->file_->Tell()
                                        : self->file_->Size();
    if (!self->file_->Seek(base + offset).ok()) return ARCHIVE_FATAL;
    return self->file_->Tell();
  }
  static la_int64_t SkipCb(archive*, void* self_ptr, la_int64_t request) {
    auto* self = static_cast<ArchiveCursor*>(self_ptr);
    int64_t left = self->file_->Size() - self->file_->Tell();
    int64_t n = std::min<int64_t>(request, std::max<int64_t>(left, 0));
    if (!self->file_->Seek(self->file_->Tell() + n).ok()) return 0;
    return n;
  }

  std::unique_ptr<platform::SeekableStream> file_;
  std::string what_;
  std::vector<char> buffer_;
  archive* archive_ = nullptr;
  int open_result_ = ARCHIVE_FATAL;
  absl::Status io_status_;
};

class MemberStream : public platform::ReadStream {
 public:
  explicit MemberStream(std::unique_ptr<ArchiveCursor> cursor) : cursor_(std::move(cursor)) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    return cursor_->Read(buffer, size);
  }

 private:
  std::unique_ptr<ArchiveCursor> cursor_;
};

// A window of a file it owns.
class FileWindow : public platform::ReadStream {
 public:
  FileWindow(std::unique_ptr<platform::SeekableStream> file, int64_t offset, int64_t size)
      : file_(std::move(file)), window_(file_.get(), offset, size) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    return window_.Read(buffer, size);
  }

 private:
  std::unique_ptr<platform::SeekableStream> file_;
  platform::SubStream window_;
};

std::string MemberName(const char* raw) {
  auto normalized = NormalizeArchivePath(raw);
  if (!normalized.ok()) return std::string();
  return normalized->substr(1);  // member names are kept relative
}

class TarBlobStore : public BlobStore {
 public:
  TarBlobStore(platform::FileSystem* fs, std::string path)
      : fs_(fs), path_(std::move(path)), description_(absl::StrCat("archive ", path_)) {}

  absl::Status Index() {
    MOAT_ASSIGN_OR_RETURN(auto file, fs_->OpenRead(path_));
    ArchiveCursor cursor(std::move(file), description_);
    archive_entry* entry = nullptr;
    while (true) {
      MOAT_ASSIGN_OR_RETURN(bool more, cursor.Next(&entry));
      if (!more) break;
      std::string name = MemberName(archive_entry_pathname(entry));
      if (name.empty()) continue;
      Member member;
      member.size = archive_entry_size(entry);
      if (archive_entry_filetype(entry) == AE_IFLNK) {
        member.symlink = true;
        member.target = ResolveLinkTarget("/" + name, archive_entry_symlink(entry)).substr(1);
      } else if (archive_entry_hardlink(entry) != nullptr) {
        member.symlink = true;
        member.target = MemberName(archive_entry_hardlink(entry));
      } else if (archive_entry_filetype(entry) != AE_IFREG) {
        continue;
      }
      compressed_ = cursor.compressed();
      if (!compressed_ && !member.symlink && archive_entry_sparse_count(entry) == 0) {
        member.offset = cursor.data_offset();
      }
      members_[name] = std::move(member);
    }
    return absl::OkStatus();
  }

  bool Exists(const std::string& name) const override { return Find(name) != nullptr; }
  int64_t Size(const std::string& name) const override {
    const Member* m = Find(name);
    return m == nullptr ? -1 : m->size;
  }
  const std::string& description() const override { return description_; }

  absl::StatusOr<std::unique_ptr<platform::ReadStream>> Open(const std::string& name) override {
    std::string resolved = Resolve(name);
    auto it = members_.find(resolved);
    if (it == members_.end()) {
      return absl::NotFoundError(absl::StrCat(description_, ": no member ", name));
    }
    MOAT_ASSIGN_OR_RETURN(auto file, fs_->OpenRead(path_));
    if (it->second.offset >= 0) {
      return std::unique_ptr<platform::ReadStream>(
          std::make_unique<FileWindow>(std::move(file), it->second.offset, it->second.size));
    }
    auto cursor = std::make_unique<ArchiveCursor>(std::move(file), description_);
    archive_entry* entry = nullptr;
    while (true) {
      MOAT_ASSIGN_OR_RETURN(bool more, cursor->Next(&entry));
      if (!more)
        return absl::NotFoundError(absl::StrCat(description_, ": member ", name, " vanished"));
      if (MemberName(archive_entry_pathname(entry)) == resolved) break;
    }
    return std::unique_ptr<platform::ReadStream>(std::make_unique<MemberStream>(std::move(cursor)));
  }

 private:
  std::string Resolve(const std::string& raw) const {
    std::string name = MemberName(raw.c_str());
    for (int hop = 0; hop < kMaxMemberLinkHops; ++hop) {
      auto it = members_.find(name);
      if (it == members_.end() || !it->second.symlink) return name;
      name = it->second.target;
    }
    return std::string();  // a loop: treated as absent
  }
  const Member* Find(const std::string& name) const {
    auto it = members_.find(Resolve(name));
    return it == members_.end() ? nullptr : &it->second;
  }

  platform::FileSystem* fs_;
  std::string path_;
  std::string description_;
  bool compressed_ = false;
  absl::flat_hash_map<std::string, Member> members_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BlobStore>> OpenTarBlobStore(platform::FileSystem* fs,
                                                            std::string path) {
  auto store = std::make_unique<TarBlobStore>(fs, std::move(path));
  MOAT_RETURN_IF_ERROR(store->Index());
  return std::unique_ptr<BlobStore>(std::move(store));
}

}  // namespace moat::image
