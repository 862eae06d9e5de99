// Small RAII wrappers over the SQLite C API for the vulnerability database: connections,
// prepared statements and errors turned into absl::Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using SqliteDb = std::unique_ptr<sqlite3, SqliteCloser>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalizer>;

// "<what>: <sqlite message>"; "file is not a database" and friends keep SQLite's wording.
absl::Status SqliteError(sqlite3* db, absl::string_view what);

// Opens `path` read-only and immutable (no locks, no journal: the file is replaced by rename,
// never changed in place). The connection must be used by one thread at a time.
absl::StatusOr<SqliteDb> OpenSqliteReadOnly(const std::string& path);
// Opens (creating) `path` for writing, without journal or syncs: used for a temporary file that
// is renamed into place only once complete.
absl::StatusOr<SqliteDb> OpenSqliteForBuild(const std::string& path);

absl::Status SqliteExec(sqlite3* db, const char* sql);
absl::StatusOr<SqliteStmt> SqlitePrepare(sqlite3* db, absl::string_view sql);

// Runs a statement that returns no rows to completion and resets it for the next use.
absl::Status SqliteStepDone(sqlite3* db, sqlite3_stmt* stmt, absl::string_view what);

// Binding and reading helpers. Bound bytes are not copied: they must outlive the step.
// ColumnView is valid until the statement steps or resets.
void BindText(sqlite3_stmt* stmt, int index, absl::string_view text);
void BindBlob(sqlite3_stmt* stmt, int index, absl::string_view bytes);
absl::string_view ColumnView(sqlite3_stmt* stmt, int column);

// The file: URI for `path` with `query` appended (percent-encodes what URIs reserve).
std::string SqliteFileUri(const std::string& path, absl::string_view query);

}  // namespace moat::vulndb
