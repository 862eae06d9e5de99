#include "inventory/zip_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace moat::inventory {
ZipReader::ZipReader() : archive_(archive_read_new()) {}

ZipReader::~ZipReader() {
  if (archive_ != nullptr) archive_read_free(archive_);
}

absl::Status ZipReader::Error(absl::string_view what) const {
  const char* detail = archive_ != nullptr ? archive_error_string(archive_) : nullptr;
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": ", detail != nullptr ? detail : "unknown libarchive error"));
}

absl::Status ZipReader::Open(absl::string_view data) {
  if (archive_ == nullptr) return absl::ResourceExhaustedError("cannot allocate a zip reader");
  if (opened_) return absl::FailedPreconditionError("zip reader is already open");
  archive_read_support_format_zip(archive_);
  // libarchive wants a non-const pointer but only reads through it.
  if (archive_read_open_memory(archive_, const_cast<char*>(data.data()), data.size()) !=
      ARCHIVE_OK) {
    return Error("not a zip archive");
  }
  opened_ = true;
  return absl::OkStatus();
}

absl::StatusOr<bool> ZipReader::Next() {
  if (!opened_) return absl::FailedPreconditionError("zip reader is not open");
  archive_entry* entry = nullptr;
  int r = archive_read_next_header(archive_, &entry);
  if (r == ARCHIVE_EOF) return false;
  if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
    return Error(archive_read_header_position(archive_) == 0 ? "not a zip archive"
                                                             : "corrupt zip archive");
  }
  const char* path = archive_entry_pathname(entry);
  name_ = path != nullptr ? path : "";
  is_file_ = archive_entry_filetype(entry) == AE_IFREG;
  declared_size_ = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : 0;
  return true;
}

absl::StatusOr<std::string> ZipReader::ReadEntry(int64_t limit) {
  std::string out;
  // The declared size is untrusted: it only saves reallocations, up to the limit.
  if (declared_size_ > 0) out.reserve(static_cast<size_t>(std::min(declared_size_, limit)));
  while (true) {
    const void* block = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    int r = archive_read_data_block(archive_, &block, &size, &offset);
    if (r == ARCHIVE_EOF) return out;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) return Error("corrupt zip entry");
    if (offset < 0 || offset > limit || static_cast<int64_t>(size) > limit - offset) {
      return absl::ResourceExhaustedError(absl::StrCat("inflates past the ", limit, "-byte limit"));
    }
    // Blocks come in order; a gap (sparse data, never in zip) reads as zeros.
    if (static_cast<size_t>(offset) > out.size()) out.resize(static_cast<size_t>(offset), '\0');
    out.append(static_cast<const char*>(block), size);
  }
}

}  // namespace moat::inventory
