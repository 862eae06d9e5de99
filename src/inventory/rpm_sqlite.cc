// ReadRpmSqlite: rpm's SQLite database (Fedora 33+, RHEL 9, Amazon Linux 2023), read from a
// private in-memory copy with the defences SQLite recommends for untrusted database files.
#include <sqlite3.h>

#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"
#include "inventory/rpm.h"

namespace moat::inventory {
namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// Virtual-machine steps allowed per byte of database before the query is abandoned: a hostile
// file must not make us spin (a corrupt b-tree, a huge page count).
constexpr int64_t kStepsPerByte = 64;
constexpr int kProgressEvery = 10000;

int Abort(void* budget) {
  auto* left = static_cast<int64_t*>(budget);
  *left -= kProgressEvery;
  return *left < 0 ? 1 : 0;
}

absl::Status SqliteError(sqlite3* db, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(what, ": ", sqlite3_errmsg(db)));
}

// Opens `data` as a read-only in-memory database. The copy is SQLite's own (freed on close);
// a WAL-mode header (bytes 18-19 = 2) is switched to rollback mode, which in-memory
// databases need and which changes nothing for reading a checkpointed file.
absl::StatusOr<DbPtr> OpenCopy(absl::string_view data) {
  if (data.size() < 100 || std::memcmp(data.data(), "SQLite format 3", 16) != 0) {
    return absl::InvalidArgumentError("not an SQLite database");
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(":memory:", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) return absl::InternalError("cannot open an in-memory SQLite database");
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db.get(), SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  auto* copy = static_cast<unsigned char*>(sqlite3_malloc64(data.size()));
  if (copy == nullptr) return absl::ResourceExhaustedError("out of memory copying the database");
  std::memcpy(copy, data.data(), data.size());
  if (copy[18] == 2) copy[18] = 1;
  if (copy[19] == 2) copy[19] = 1;
  rc = sqlite3_deserialize(db.get(), "main", copy, data.size(), data.size(),
                           SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY);
  if (rc != SQLITE_OK) return SqliteError(db.get(), "cannot load the database");
  return db;
}

}  // namespace

absl::Status ReadRpmSqlite(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings) {
  absl::StatusOr<DbPtr> db = OpenCopy(data);
  if (!db.ok()) return db.status();
  int64_t budget = static_cast<int64_t>(data.size()) * kStepsPerByte + 1'000'000;
  sqlite3_progress_handler(db->get(), kProgressEvery, Abort, &budget);
  sqlite3_stmt* raw = nullptr;
  // Views and triggers are disabled and no virtual-table module is registered, so this reads
  // a real table or fails: the file's own SQL never runs.
  const char* kQuery = "SELECT blob FROM main.Packages ORDER BY hnum";
  if (sqlite3_prepare_v2(db->get(), kQuery, -1, &raw, nullptr) != SQLITE_OK) {
    return SqliteError(db->get(), "no rpm Packages table");
  }
  StmtPtr stmt(raw);
  int rc;
  int row = 0;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    ++row;
    const void* blob = sqlite3_column_blob(stmt.get(), 0);
    int size = sqlite3_column_bytes(stmt.get(), 0);
    if (blob == nullptr || size <= 0) {
      warnings.Add(absl::StrCat("row ", row, ": empty blob"));
      continue;
    }
    visit(absl::string_view(static_cast<const char*>(blob), static_cast<size_t>(size)));
  }
  if (rc != SQLITE_DONE) return SqliteError(db->get(), "reading the Packages table");
  return absl::OkStatus();
}

}  // namespace moat::inventory
