// A file as one layer adds it: the unit that layer merging, detectors and catalogers share.
#pragma once

#include <cstdint>
#include <string>

#include "image/entry_reader.h"

namespace moat::image {

struct FileRecord {
  std::string path;  // canonical: "/usr/bin/ls"
  EntryType type = EntryType::kRegular;
  uint32_t mode = 0;
  int64_t size = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  // Symlinks: the target as stored. Hardlinks: the canonical path of the file linked to.
  std::string link_target;
  // Lowercase hex SHA-256 of the content; computed for executables (and hardlinks to them).
  std::string sha256;

  bool IsRegular() const { return type == EntryType::kRegular; }
  bool IsExecutable() const {
    return (type == EntryType::kRegular || type == EntryType::kHardlink) && (mode & 0111) != 0;
  }
};

}  // namespace moat::image
