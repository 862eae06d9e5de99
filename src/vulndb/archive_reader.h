// libarchive reading over a platform::ReadStream, for database bundles and downloaded feed
// archives: any compression filter, the formats the caller allows.
#pragma once

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform/stream.h"

struct archive;
struct archive_entry;

namespace moat::vulndb {

enum class ArchiveFormat { kTar, kZip, kRaw };

// One pass over the members of an archive. Not thread-safe.
class ArchiveReader {
 public:
  // Reads from `stream`, which must outlive the reader. `what` names the archive in errors.
  static absl::StatusOr<std::unique_ptr<ArchiveReader>> Open(platform::ReadStream* stream,
                                                             ArchiveFormat format,
                                                             absl::string_view what);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The next member's header, or nullptr at the end of the archive.
  absl::StatusOr<archive_entry*> Next();
  // Reads up to `size` bytes of the current member's data; 0 at its end.
  absl::StatusOr<size_t> Read(char* buffer, size_t size);
  archive* raw() { return archive_; }

  struct Source;  // the stream and buffer libarchive's read callback uses

 private:
  ArchiveReader(archive* a, std::unique_ptr<Source> source, std::string what);
  absl::Status Error(absl::string_view doing);

  archive* archive_;
  std::unique_ptr<Source> source_;
  std::string what_;
};

// A printable form of an archive member name (control bytes escaped) for error messages.
std::string PrintableName(absl::string_view name);

}  // namespace moat::vulndb
