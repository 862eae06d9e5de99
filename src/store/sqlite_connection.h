// A SqlConnection over the sqlite3 C API: WAL, a busy timeout, case-sensitive LIKE (as in
// PostgreSQL), and $N placeholders rewritten to SQLite's ?N.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/database.h"

namespace moat::store {

// Opens (creating when missing) the database file at `path`. Unavailable when its directory does
// not exist or the file cannot be opened.
absl::StatusOr<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::string& path);

// "$1 ... $12" -> "?1 ... ?12", leaving quoted text alone.
std::string SqliteParameters(absl::string_view sql);

}  // namespace moat::store
