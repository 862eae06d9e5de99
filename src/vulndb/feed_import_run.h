// One import run: forwards what parsers produce to the sink, attributes it to the current
// file, and keeps the per-source counts (files, records, malformed, skipped, duplicates).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "vulndb/feed_import.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {

// Not thread-safe: one file at a time.
class ImportRun : public FeedOutput {
 public:
  explicit ImportRun(AdvisorySink* sink) : sink_(sink) {}

  // Everything reported until EndFile() belongs to `path`.
  void BeginFile(const std::string& path);
  void EndFile();
  // The whole current file failed (unreadable, too large, not parseable): one Malformed,
  // attributed to the source the file's name suggests ("unknown" when it suggests none).
  void FileMalformed(const std::string& reason);
  // A failure that belongs to no file (a directory that cannot be listed).
  void PathMalformed(const std::string& path, const std::string& reason);

  void Record(Advisory advisory) override;
  void Fragment(Advisory advisory) override;
  void Malformed(absl::string_view source, const std::string& reason) override;
  void Skipped(absl::string_view source) override;

  // Per-source counts, sorted by source.
  std::vector<ImportStats> TakeStats();

 private:
  ImportStats& Stats(absl::string_view source);
  void Deliver(Advisory advisory);

  AdvisorySink* sink_;
  std::string file_;
  std::set<std::string> file_sources_;  // sources the current file contributed to
  std::map<std::string, ImportStats, std::less<>> stats_;
  absl::flat_hash_set<std::string> record_keys_;  // source + '\0' + id of whole records
};

// The source a file's path suggests, for whole-file failures: an OSV id prefix of the base
// name ("GHSA-….json" → "ghsa"), else a feed name in the path, else "unknown".
std::string SourceFromPath(absl::string_view path);

}  // namespace moat::vulndb
