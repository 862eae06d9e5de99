// Feed importers: turn the files of an advisory feed (OSV JSON/YAML, npm security-wg, Alpine /
// Wolfi / Chainguard secdb, Debian tracker JSON and DSA/DLA lists, Ubuntu OSV, Red Hat
// CSAF/VEX, OVAL) into Advisory records. A malformed record is reported and skipped; it never
// stops the import.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "platform/file_system.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// Receives what importers produce. Called from one thread.
class AdvisorySink {
 public:
  virtual ~AdvisorySink() = default;
  virtual void Add(Advisory advisory) = 0;
  // A record (or whole file) that could not be imported: where and why.
  virtual void Malformed(const std::string& file, const std::string& reason) = 0;
};

// Per-source counts, for `moat db build` output and the database metadata.
struct ImportStats {
  std::string source;  // feed id, as Advisory::source
  int64_t files = 0;
  int64_t records = 0;
  int64_t malformed = 0;
  std::string newest;  // newest modified/published date seen (RFC 3339), "" when unknown
};

// Imports every feed file under `path` (a file or a directory, walked recursively), detecting
// each file's format from its name and content. Unknown files are ignored. Returns per-source
// stats; the Status is an error only when `path` itself cannot be read.
absl::StatusOr<std::vector<ImportStats>> ImportFeedPath(platform::FileSystem* fs,
                                                        const std::string& path,
                                                        AdvisorySink* sink);

}  // namespace moat::vulndb
