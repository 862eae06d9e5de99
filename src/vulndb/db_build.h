// Building a database from feed files on disk: the core of `moat db build` and `moat db update`.
// Imports run in parallel over the inputs' top-level entries; advisories reach the writer in a
// fixed order, so the same inputs always give the same database.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "platform/clock.h"
#include "platform/file_system.h"
#include "vulndb/database.h"
#include "vulndb/feed_import.h"

namespace moat::vulndb {

// ImportFeedPath's signature; injected so tests can import synthetic feeds. Must be safe to
// call from several threads at once with different paths and sinks.
using FeedImporter = std::function<absl::StatusOr<std::vector<ImportStats>>(
    platform::FileSystem* fs, const std::string& path, AdvisorySink* sink)>;

struct BuildOptions {
  std::vector<std::string> inputs;  // feed files or directories
  std::string db_path;
  std::vector<FeedDownload> downloads;  // recorded in the metadata
  std::string built_at;                 // "" means now
  int jobs = 0;                         // import threads; 0: the number of CPUs
  size_t max_malformed_samples = 5;
};

struct MalformedRecord {
  std::string file;
  std::string reason;
};

struct BuildReport {
  std::vector<ImportStats> sources;  // summed over inputs, sorted by source
  int64_t malformed = 0;
  std::vector<MalformedRecord> malformed_samples;  // the first few, in input order
  DatabaseMetadata metadata;                       // of the database written
  int64_t database_bytes = 0;
  absl::Duration import_time;
  absl::Duration write_time;
};

// Imports every input, writes the database at `options.db_path` atomically and returns what
// was done. Fails (writing nothing) when an input cannot be read or the write fails; malformed
// records are counted, not fatal. `clock` times the phases.
absl::StatusOr<BuildReport> BuildDatabase(platform::FileSystem* fs, platform::Clock* clock,
                                          const FeedImporter& importer,
                                          const BuildOptions& options);

// Adds `more` into `into` per source: counts summed, the newest date kept. Sorted by source.
void MergeImportStats(std::vector<ImportStats>& into, const std::vector<ImportStats>& more);

}  // namespace moat::vulndb
