// The vulnerability database: one SQLite file, schema-versioned, with metadata (sources, their
// dates, record counts, built-at), opened read-only and shared by concurrent scans. Affected
// entries are indexed by (ecosystem, distro, package) so a lookup is one index seek.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"
#include "vulndb/feed_import.h"
#include "vulndb/stored_advisory.h"

namespace moat::vulndb {

inline constexpr int kDatabaseSchemaVersion = 1;

// A feed file `moat db update` downloaded: recorded in the metadata so a database says exactly
// which bytes it was built from.
struct FeedDownload {
  std::string feed;  // the feed's name in the sources config
  std::string url;   // the URL (mirror) that served it
  int64_t bytes = 0;
  std::string sha256;  // lowercase hex
};

struct DatabaseMetadata {
  int schema_version = 0;
  std::string built_at;      // RFC 3339 UTC
  std::string moat_version;  // of the build that wrote it
  std::vector<ImportStats> sources;
  int64_t advisories = 0;
  int64_t affected_entries = 0;
  std::vector<FeedDownload> downloads;  // empty for `moat db build`
};

// One affected entry with the advisory it belongs to, decoded when first asked for (see
// StoredAdvisory). The records of one advisory in one lookup share it.
struct AffectedRecord {
  std::shared_ptr<const StoredAdvisory> advisory;
  AffectedPackage affected;
};

// Read-only. Thread-safe: Lookup may be called from several threads at once.
class VulnDatabase {
 public:
  virtual ~VulnDatabase() = default;
  virtual const DatabaseMetadata& metadata() const = 0;
  // Every affected entry for the package, in advisory order. `distro` is "" for application
  // packages. A damaged affected entry is an error here; a damaged advisory body is one when
  // its record's advisory is decoded.
  virtual absl::StatusOr<std::vector<AffectedRecord>> Lookup(absl::string_view ecosystem,
                                                             absl::string_view distro,
                                                             absl::string_view package) const = 0;
  // The entries of several packages of one ecosystem and distro: element i for packages[i],
  // as Lookup would return them. One query serves many packages, which costs less than a
  // Lookup each; the default calls Lookup for every package.
  virtual absl::StatusOr<std::vector<std::vector<AffectedRecord>>> LookupMany(
      absl::string_view ecosystem, absl::string_view distro,
      const std::vector<absl::string_view>& packages) const;
};

struct DatabaseOpenOptions {
  // SQLite connections opened at most; each serves one Lookup at a time, so this is the number
  // of lookups that run in parallel (more callers wait). 0: the number of CPUs.
  int max_connections = 0;
};

// Opens a database file read-only; refuses another schema version with a message saying which
// version it has and which Moat expects, and a file that is not a Moat database.
absl::StatusOr<std::unique_ptr<VulnDatabase>> OpenVulnDatabase(const std::string& path);
absl::StatusOr<std::unique_ptr<VulnDatabase>> OpenVulnDatabase(const std::string& path,
                                                               const DatabaseOpenOptions& options);

// Writes a database: collects advisories (an AdvisorySink) and on Finish() writes the file to a
// temporary name in the same directory (created when missing) and renames it into place, so
// readers never see a half-written database.
//
// Deduplication, per (source, id): a record whose `modified` differs from the one already held
// is another revision of the same document, and the newer revision replaces the older one
// whole. Records with the same (or an unknown) `modified` are parts of one advisory spread over
// several files (a secdb per release, a tracker list per suite): they are merged — affected
// entries of the later record replace earlier entries for the same (ecosystem, distro,
// package) and are added otherwise; aliases, references and CVSS scores are unioned; other
// fields keep the first non-empty value. Withdrawn advisories and advisories without affected
// entries are not written.
class DatabaseWriter : public AdvisorySink {
 public:
  // Malformed records are counted by the importers (ImportStats); the writer ignores them.
  void Malformed(const std::string& /*file*/, const std::string& /*reason*/) override {}
  // Records the feed files the advisories came from (`moat db update`).
  virtual void SetDownloads(std::vector<FeedDownload> downloads) = 0;
  // Writes and installs the file. Call once; the writer holds nothing afterwards.
  virtual absl::Status Finish(const std::vector<ImportStats>& sources) = 0;
};

struct DatabaseWriterOptions {
  std::string built_at;  // RFC 3339; "" means now
};
absl::StatusOr<std::unique_ptr<DatabaseWriter>> NewDatabaseWriter(const std::string& path);
absl::StatusOr<std::unique_ptr<DatabaseWriter>> NewDatabaseWriter(
    const std::string& path, const DatabaseWriterOptions& options);

// Process-wide SQLite setup for programs that look up from several threads: turns SQLite's
// memory statistics off (Debian's SQLite counts every allocation behind one global mutex, which
// serialises parallel lookups). Call first thing in main, before anything uses SQLite; not
// thread-safe. Optional: lookups are correct without it, only slower on several threads.
void ConfigureSqliteForThreads();

// Where the database lives by default: $MOAT_DB, else /var/lib/moat/db/moat.db when that file
// exists or its directory is writable (or can be created), else $HOME/.cache/moat/db/moat.db.
// The CLI resolves it and passes paths to the library.
std::string DefaultDatabasePath(const std::string& moat_db_env, const std::string& home);

}  // namespace moat::vulndb
