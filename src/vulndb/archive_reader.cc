#include "vulndb/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstdio>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace moat::vulndb {

struct ArchiveReader::Source {
  platform::ReadStream* stream;
  std::vector<char> buffer = std::vector<char>(1 << 20);
};

namespace {

la_ssize_t ReadCallback(archive* a, void* data, const void** block) {
  auto* source = static_cast<ArchiveReader::Source*>(data);
  auto n = source->stream->Read(source->buffer.data(), source->buffer.size());
  if (!n.ok()) {
    archive_set_error(a, EIO, "%s", std::string(n.status().message()).c_str());
    return -1;
  }
  *block = source->buffer.data();
  return static_cast<la_ssize_t>(*n);
}

la_int64_t SeekCallback(archive*, void* data, la_int64_t offset, int whence) {
  auto* source = static_cast<ArchiveReader::Source*>(data);
  auto* seekable = static_cast<platform::SeekableStream*>(source->stream);
  int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? seekable->Tell() : seekable->Size();
  if (!seekable->Seek(base + offset).ok()) return ARCHIVE_FATAL;
  return seekable->Tell();
}

}  // namespace

ArchiveReader::ArchiveReader(archive* a, std::unique_ptr<Source> source, std::string what)
    : archive_(a), source_(std::move(source)), what_(std::move(what)) {}

ArchiveReader::~ArchiveReader() { archive_read_free(archive_); }

absl::StatusOr<std::unique_ptr<ArchiveReader>> ArchiveReader::Open(platform::ReadStream* stream,
                                                                   ArchiveFormat format,
                                                                   absl::string_view what) {
  archive* a = archive_read_new();
  if (a == nullptr) return absl::ResourceExhaustedError("archive_read_new failed");
  archive_read_support_filter_all(a);
  switch (format) {
    case ArchiveFormat::kTar:
      archive_read_support_format_tar(a);
      break;
    case ArchiveFormat::kZip:
      // The central directory (seekable) reader handles every zip; the streaming one does not
      // (stored members with data descriptors).
      if (dynamic_cast<platform::SeekableStream*>(stream) != nullptr) {
        archive_read_support_format_zip_seekable(a);
      } else {
        archive_read_support_format_zip_streamable(a);
      }
      break;
    case ArchiveFormat::kRaw:
      archive_read_support_format_raw(a);
      break;
  }
  auto source = std::make_unique<Source>();
  source->stream = stream;
  std::unique_ptr<ArchiveReader> reader(new ArchiveReader(a, std::move(source), std::string(what)));
  if (dynamic_cast<platform::SeekableStream*>(stream) != nullptr) {
    archive_read_set_seek_callback(a, SeekCallback);
  }
  if (archive_read_open(a, reader->source_.get(), nullptr, ReadCallback, nullptr) != ARCHIVE_OK) {
    return reader->Error("opening");
  }
  return reader;
}

absl::Status ArchiveReader::Error(absl::string_view doing) {
  const char* message = archive_error_string(archive_);
  return absl::DataLossError(absl::StrCat(what_, ": ", doing, ": ",
                                          message != nullptr ? message : "unknown archive error"));
}

absl::StatusOr<archive_entry*> ArchiveReader::Next() {
  archive_entry* entry = nullptr;
  int rc = archive_read_next_header(archive_, &entry);
  if (rc == ARCHIVE_EOF) return nullptr;
  if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) return Error("reading a member header");
  return entry;
}

absl::StatusOr<size_t> ArchiveReader::Read(char* buffer, size_t size) {
  la_ssize_t n = archive_read_data(archive_, buffer, size);
  if (n < 0) return Error("reading member data");
  return static_cast<size_t>(n);
}

std::string PrintableName(absl::string_view name) {
  return absl::StrCat("\"", absl::CHexEscape(name), "\"");
}

}  // namespace moat::vulndb
