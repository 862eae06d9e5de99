// The cataloger seam: one small parser per file format, dispatched from a table (registry.cc).
// Catalogers only parse; the assembler decides what survives (layers, ownership, duplicates).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/package.h"

namespace moat::inventory {

struct FileInput {
  int layer = 0;
  const image::FileRecord& file;  // file.path is canonical ("/var/lib/dpkg/status")
  absl::string_view data;         // whole content, at most ScanLimits::max_file_size bytes
  int64_t max_file_size = 0;      // for nested archives: the limit of what may be inflated
};

// What one cataloger learned from one file.
struct FileFacts {
  std::vector<Package> packages;  // found_in/layer may be left empty: the caller fills them
  std::optional<OsInfo> os;       // an OS release file
  // Files owned by OS packages: (package name, canonical paths). dpkg info/*.list, apk db, rpm.
  std::vector<std::pair<std::string, std::vector<std::string>>> owned_files;
  // Licences declared outside the package database: (package name, licences), e.g. Debian
  // /usr/share/doc/<pkg>/copyright.
  std::vector<std::pair<std::string, std::vector<std::string>>> licenses;
  std::vector<std::string> warnings;  // non-fatal problems, already naming the file
};

class Cataloger {
 public:
  virtual ~Cataloger() = default;
  // Stable short name ("dpkg", "npm-lock", ...), used in warnings and tests.
  virtual absl::string_view name() const = 0;
  // Whether this cataloger parses `file`. Called for every regular file of every layer: path
  // tests only, no allocation.
  virtual bool Wants(const image::FileRecord& file) const = 0;
  // Parses one file. Must be thread-safe (called concurrently for different layers). Returns
  // an error for content it cannot parse; the error becomes a warning naming the file, and the
  // scan goes on.
  virtual absl::Status Parse(const FileInput& input, FileFacts* facts) const = 0;
};

}  // namespace moat::inventory
