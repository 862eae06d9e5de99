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
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
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
  std::string newest;      // newest modified/published date seen (RFC 3339), "" when unknown
  int64_t skipped = 0;     // records left out on purpose: unknown ecosystem, informational, ...
  int64_t duplicates = 0;  // whole records whose (source, id) was already imported
};

// Imports every feed file under `path` (a file or a directory, walked recursively in name
// order; hidden entries and symlinks are not followed), detecting each file's format from its
// name and content (docs/design/feeds.md). Unknown files are ignored. Records reach the sink as
// they are parsed: the same (source, id) can arrive more than once — a duplicate whole record
// (counted in `duplicates`; the newest `modified` wins in the database) or parts of one
// distro advisory spread over files (empty `modified`; merged by the database writer).
// Returns per-source stats sorted by source; the Status is an error only when `path` itself
// cannot be read. A file larger than 256 MiB, unreadable or unparseable is one Malformed.
absl::StatusOr<std::vector<ImportStats>> ImportFeedPath(platform::FileSystem* fs,
                                                        const std::string& path,
                                                        AdvisorySink* sink);

// Imports one in-memory file as if it had been read from `name` (format detection uses the
// name's extension). For tests and fuzzing; same rules as ImportFeedPath.
std::vector<ImportStats> ImportFeedText(const std::string& name, absl::string_view text,
                                        AdvisorySink* sink);

}  // namespace moat::vulndb
