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

namespace moat::vulndb {

inline constexpr int kDatabaseSchemaVersion = 1;

struct DatabaseMetadata {
  int schema_version = 0;
  std::string built_at;       // RFC 3339 UTC
  std::string moat_version;   // of the build that wrote it
  std::vector<ImportStats> sources;
  int64_t advisories = 0;
  int64_t affected_entries = 0;
};

// One affected entry with the advisory it belongs to (`advisory.affected` is left empty).
struct AffectedRecord {
  Advisory advisory;
  AffectedPackage affected;
};

// Read-only. Thread-safe: Lookup may be called from several threads at once.
class VulnDatabase {
 public:
  virtual ~VulnDatabase() = default;
  virtual const DatabaseMetadata& metadata() const = 0;
  // Every affected entry for the package. `distro` is "" for application packages.
  virtual absl::StatusOr<std::vector<AffectedRecord>> Lookup(absl::string_view ecosystem,
                                                             absl::string_view distro,
                                                             absl::string_view package) const = 0;
};

// Opens a database file read-only; refuses another schema version with a message saying which
// version it has and which Moat expects.
absl::StatusOr<std::unique_ptr<VulnDatabase>> OpenVulnDatabase(const std::string& path);

// Writes a database: collects advisories (an AdvisorySink) and on Finish() writes the file to a
// temporary name and renames it into place, so readers never see a half-written database.
class DatabaseWriter : public AdvisorySink {
 public:
  virtual absl::Status Finish(const std::vector<ImportStats>& sources) = 0;
};
absl::StatusOr<std::unique_ptr<DatabaseWriter>> NewDatabaseWriter(const std::string& path);

// Where the database lives by default: $MOAT_DB, else /var/lib/moat/db/moat.db when writable,
// else $HOME/.cache/moat/db/moat.db. The CLI resolves it and passes paths to the library.
std::string DefaultDatabasePath(const std::string& moat_db_env, const std::string& home);

}  // namespace moat::vulndb
