#include "vulndb/sqlite_util.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "vulndb/database.h"

namespace moat::vulndb {

absl::Status SqliteError(sqlite3* db, absl::string_view what) {
  const char* message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  int code = db != nullptr ? sqlite3_errcode(db) : SQLITE_NOMEM;
  std::string text = absl::StrCat(what, ": ", message);
  switch (code) {
    case SQLITE_CANTOPEN:
      return absl::NotFoundError(text);
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return absl::PermissionDeniedError(text);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return absl::DataLossError(text);
    case SQLITE_FULL:
      return absl::ResourceExhaustedError(text);
    default:
      return absl::InternalError(text);
  }
}

std::string SqliteFileUri(const std::string& path, absl::string_view query) {
  std::string uri = "file:";
  for (unsigned char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '/' || c == '.' || c == '-' || c == '_' || c == '~';
    if (plain) {
      uri.push_back(static_cast<char>(c));
    } else {
      absl::StrAppendFormat(&uri, "%%%02X", c);
    }
  }
  if (!query.empty()) absl::StrAppend(&uri, "?", query);
  return uri;
}

namespace {

absl::StatusOr<SqliteDb> Open(const std::string& name, int flags, absl::string_view what) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) return SqliteError(raw, what);
  sqlite3_extended_result_codes(raw, 0);
  return db;
}

}  // namespace

absl::StatusOr<SqliteDb> OpenSqliteReadOnly(const std::string& path) {
  return Open(SqliteFileUri(path, "immutable=1"),
              SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
              absl::StrCat("opening ", path));
}

absl::StatusOr<SqliteDb> OpenSqliteForBuild(const std::string& path) {
  std::string what = absl::StrCat("creating ", path);
  auto db = Open(SqliteFileUri(path, ""),
                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                 what);
  if (!db.ok()) return db.status();
  // Nobody else sees the file until it is complete and renamed, so no journal and no syncs:
  // the writer fsyncs once at the end.
  for (const char* pragma :
       {"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA locking_mode = EXCLUSIVE",
        "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -65536"}) {
    absl::Status status = SqliteExec(db->get(), pragma);
    if (!status.ok()) return status;
  }
  return db;
}

absl::Status SqliteExec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return absl::OkStatus();
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return absl::InternalError(absl::StrCat(sql, ": ", message));
}

absl::StatusOr<SqliteStmt> SqlitePrepare(sqlite3* db, absl::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  SqliteStmt stmt(raw);
  if (rc != SQLITE_OK) return SqliteError(db, absl::StrCat("preparing \"", sql, "\""));
  return stmt;
}

absl::Status SqliteStepDone(sqlite3* db, sqlite3_stmt* stmt, absl::string_view what) {
  int rc = sqlite3_step(stmt);
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(db, what);
  return absl::OkStatus();
}

void BindText(sqlite3_stmt* stmt, int index, absl::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

void BindBlob(sqlite3_stmt* stmt, int index, absl::string_view bytes) {
  sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

absl::string_view ColumnView(sqlite3_stmt* stmt, int column) {
  const void* data = sqlite3_column_blob(stmt, column);
  int size = sqlite3_column_bytes(stmt, column);
  if (data == nullptr || size <= 0) return {};
  return absl::string_view(static_cast<const char*>(data), static_cast<size_t>(size));
}

void ConfigureSqliteForThreads() {
  // Only legal before SQLite initialises; afterwards it fails with SQLITE_MISUSE and changes
  // nothing, which is harmless.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

}  // namespace moat::vulndb
