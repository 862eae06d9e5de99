#include "image/tar_entry_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::image {
namespace {

constexpr size_t kReadBuffer = 256 * 1024;

EntryType TypeOf(archive_entry* entry) {
  if (archive_entry_hardlink(entry) != nullptr) return EntryType::kHardlink;
  switch (archive_entry_filetype(entry)) {
    case AE_IFDIR:
      return EntryType::kDirectory;
    case AE_IFLNK:
      return EntryType::kSymlink;
    case AE_IFCHR:
      return EntryType::kCharDevice;
    case AE_IFBLK:
      return EntryType::kBlockDevice;
    case AE_IFIFO:
      return EntryType::kFifo;
    case AE_IFSOCK:
      return EntryType::kSocket;
    default:
      return EntryType::kRegular;
  }
}

class TarEntryReader : public EntryReader {
 public:
  TarEntryReader(std::unique_ptr<platform::ReadStream> tar, std::string what)
      : tar_(std::move(tar)), what_(std::move(what)), buffer_(kReadBuffer) {
    archive_ = archive_read_new();
    archive_read_support_format_tar(archive_);
    archive_read_support_format_gnutar(archive_);
    archive_read_open(archive_, this, nullptr, &TarEntryReader::ReadCallback, nullptr);
  }
  ~TarEntryReader() override { archive_read_free(archive_); }

  absl::StatusOr<bool> Next(EntryHeader* header) override {
    if (at_end_) return false;
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(archive_, &entry);
    if (r == ARCHIVE_EOF) {
      at_end_ = true;
      return false;
    }
    if (r < ARCHIVE_WARN) return Failure("reading tar header");
    const char* path = archive_entry_pathname(entry);
    if (path == nullptr) path = archive_entry_pathname_utf8(entry);
    if (path == nullptr)
      return absl::DataLossError(absl::StrCat(what_, ": tar entry without a name"));
    header->path = path;
    header->type = TypeOf(entry);
    header->mode = archive_entry_perm(entry);
    header->size = header->type == EntryType::kRegular ? archive_entry_size(entry) : 0;
    if (header->size < 0) header->size = 0;
    header->uid = static_cast<uint32_t>(archive_entry_uid(entry));
    header->gid = static_cast<uint32_t>(archive_entry_gid(entry));
    header->mtime = archive_entry_mtime(entry);
    const char* link = header->type == EntryType::kHardlink ? archive_entry_hardlink(entry)
                                                            : archive_entry_symlink(entry);
    header->link_target = link != nullptr ? link : "";
    return true;
  }

  absl::StatusOr<size_t> ReadData(char* buffer, size_t size) override {
    la_ssize_t n = archive_read_data(archive_, buffer, size);
    if (n < 0) return Failure("reading file data");
    return static_cast<size_t>(n);
  }

  absl::Status Finish() override {
    // libarchive stops at the end-of-archive blocks; the rest still has to pass the digest.
    MOAT_RETURN_IF_ERROR(Annotate(stream_status_, what_));
    auto drained = platform::Drain(*tar_);
    return Annotate(drained.status(), what_);
  }

 private:
  static la_ssize_t ReadCallback(archive* a, void* self_ptr, const void** out) {
    auto* self = static_cast<TarEntryReader*>(self_ptr);
    auto n = self->tar_->Read(self->buffer_.data(), self->buffer_.size());
    if (!n.ok()) {
      self->stream_status_ = n.status();
      archive_set_error(a, EIO, "%s", std::string(n.status().message()).c_str());
      return -1;
    }
    *out = self->buffer_.data();
    return static_cast<la_ssize_t>(*n);
  }

  absl::Status Failure(absl::string_view doing) {
    if (!stream_status_.ok()) return Annotate(stream_status_, what_);
    const char* message = archive_error_string(archive_);
    return absl::DataLossError(
        absl::StrCat(what_, ": ", doing, ": ", message != nullptr ? message : "corrupt tar"));
  }

  std::unique_ptr<platform::ReadStream> tar_;
  std::string what_;
  std::vector<char> buffer_;
  archive* archive_ = nullptr;
  absl::Status stream_status_;
  bool at_end_ = false;
};

}  // namespace

std::unique_ptr<EntryReader> NewTarEntryReader(std::unique_ptr<platform::ReadStream> tar,
                                               std::string what) {
  return std::make_unique<TarEntryReader>(std::move(tar), std::move(what));
}

}  // namespace moat::image
