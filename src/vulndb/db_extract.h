// Unpacking a downloaded feed archive (zip or tar, any compression) into a directory: regular
// files only, names that stay inside the directory, bounded total size and member count.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "platform/file_system.h"
#include "vulndb/db_sources.h"

namespace moat::vulndb {

struct ExtractLimits {
  int64_t max_bytes = int64_t{8} << 30;  // all members together
  int64_t max_members = 4'000'000;
};

struct ExtractStats {
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t skipped = 0;  // directories, links, devices: not written
};

// Unpacks `archive_path` (kZip or kTar) under `dest_dir`, which must exist. A member name that
// is absolute or climbs out with ".." fails the whole extraction, as does exceeding a limit.
absl::StatusOr<ExtractStats> ExtractFeedArchive(platform::FileSystem* fs,
                                                const std::string& archive_path,
                                                FeedArchive archive, const std::string& dest_dir,
                                                const ExtractLimits& limits);

}  // namespace moat::vulndb
