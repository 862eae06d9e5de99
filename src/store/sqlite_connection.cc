// The SQLite implementation of SqlConnection.
#include "store/sqlite_connection.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cctype>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"

namespace moat::store {
namespace {

constexpr int kBusyTimeoutMs = 15000;

absl::Status SqliteError(sqlite3* db, int rc) {
  std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return absl::AlreadyExistsError(reason);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return absl::UnavailableError(reason);
    default:
      if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_IOERR) {
        return absl::UnavailableError(reason);
      }
      return absl::InternalError(reason);
  }
}

class SqliteConnection : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override { sqlite3_close_v2(db_); }

  absl::StatusOr<SqlResult> Exec(absl::string_view sql, const SqlParams& params) override {
    std::string text = SqliteParameters(sql);
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, text.data(), static_cast<int>(text.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc);
    absl::StatusOr<SqlResult> result = Run(stmt, params);
    sqlite3_finalize(stmt);
    return result;
  }

  bool Healthy() override { return true; }

 private:
  absl::Status Bind(sqlite3_stmt* stmt, const SqlParams& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      const SqlParam& p = params[i];
      int index = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      switch (p.kind) {
        case SqlParam::Kind::kNull:
          rc = sqlite3_bind_null(stmt, index);
          break;
        case SqlParam::Kind::kText:
          rc = sqlite3_bind_text64(stmt, index, p.text.data(), p.text.size(), SQLITE_STATIC,
                                   SQLITE_UTF8);
          break;
        case SqlParam::Kind::kInt:
          rc = sqlite3_bind_int64(stmt, index, p.integer);
          break;
        case SqlParam::Kind::kBlob:
          rc = sqlite3_bind_blob64(stmt, index, p.text.data(), p.text.size(), SQLITE_STATIC);
          break;
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc);
    }
    return absl::OkStatus();
  }

  static std::optional<std::string> Cell(sqlite3_stmt* stmt, int column) {
    switch (sqlite3_column_type(stmt, column)) {
      case SQLITE_NULL:
        return std::nullopt;
      case SQLITE_INTEGER:
        return std::to_string(sqlite3_column_int64(stmt, column));
      default: {
        const void* data = sqlite3_column_blob(stmt, column);
        int size = sqlite3_column_bytes(stmt, column);
        if (data == nullptr) return std::string();
        return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
      }
    }
  }

  absl::StatusOr<SqlResult> Run(sqlite3_stmt* stmt, const SqlParams& params) {
    if (absl::Status bound = Bind(stmt, params); !bound.ok()) return bound;
    SqlResult result;
    int columns = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return SqliteError(db_, rc);
      std::vector<std::optional<std::string>> cells;
      cells.reserve(columns);
      for (int c = 0; c < columns; ++c) cells.push_back(Cell(stmt, c));
      result.rows.emplace_back(std::move(cells));
    }
    result.affected = sqlite3_changes64(db_);
    return result;
  }

  sqlite3* db_;
};

std::string ParentDirectory(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

absl::Status Configure(SqlConnection& connection) {
  // WAL lets readers run beside the one writer; NORMAL sync is durable at checkpoints in WAL.
  for (absl::string_view pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA case_sensitive_like=ON",
        "PRAGMA journal_size_limit=67108864"}) {
    absl::StatusOr<SqlResult> done = connection.Exec(pragma, {});
    if (!done.ok()) return done.status();
  }
  return absl::OkStatus();
}

}  // namespace

std::string SqliteParameters(absl::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '$' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      c = '?';
    }
    out.push_back(c);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<SqlConnection>> OpenSqliteConnection(const std::string& path) {
  std::string context = absl::StrCat("opening SQLite database \"", path, "\"");
  std::string dir = ParentDirectory(path);
  struct stat info;
  if (stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    return absl::UnavailableError(
        absl::StrCat(context, ": directory \"", dir, "\" does not exist"));
  }
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return absl::UnavailableError(absl::StrCat(context, ": ", reason));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto connection = std::make_unique<SqliteConnection>(db);
  if (absl::Status configured = Configure(*connection); !configured.ok()) {
    return absl::UnavailableError(absl::StrCat(context, ": ", configured.message()));
  }
  return connection;
}

}  // namespace moat::store
