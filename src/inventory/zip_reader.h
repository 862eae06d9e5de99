// Reads a zip archive held in memory (libarchive), entry by entry, with a cap on how far any
// entry may inflate, so hostile archives (zip bombs) cannot exhaust memory.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct archive;
struct archive_entry;

namespace moat::inventory {

class ZipReader {
 public:
  ZipReader();
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // Opens `data`, which is not copied and must outlive the reader. InvalidArgument when it is
  // not a zip archive.
  absl::Status Open(absl::string_view data);
  // Moves to the next entry; false after the last one. InvalidArgument for a corrupt archive.
  absl::StatusOr<bool> Next();
  // The current entry's path inside the archive and whether it is a regular file.
  const std::string& entry_name() const { return name_; }
  bool entry_is_file() const { return is_file_; }
  // The current entry's content. ResourceExhausted when it inflates past `limit` bytes (reading
  // stops there); InvalidArgument when its data is corrupt.
  absl::StatusOr<std::string> ReadEntry(int64_t limit);

 private:
  absl::Status Error(absl::string_view what) const;

  ::archive* archive_ = nullptr;
  bool opened_ = false;
  std::string name_;
  bool is_file_ = false;
  int64_t declared_size_ = 0;
};

}  // namespace moat::inventory
