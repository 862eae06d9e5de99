// The SQL seam under the store: a connection that runs one statement with $1..$N parameters, a
// pool that lends connections and runs transactions, and the few places SQLite and PostgreSQL
// differ (the Dialect table).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::store {

// A value bound to a $N placeholder.
struct SqlParam {
  enum class Kind { kNull, kText, kInt, kBlob };
  Kind kind = Kind::kNull;
  std::string text;  // kText and kBlob
  int64_t integer = 0;

  SqlParam() = default;
  SqlParam(absl::string_view value) : kind(Kind::kText), text(value) {}   // NOLINT
  SqlParam(const std::string& value) : kind(Kind::kText), text(value) {}  // NOLINT
  SqlParam(const char* value) : kind(Kind::kText), text(value) {}         // NOLINT
  SqlParam(int64_t value) : kind(Kind::kInt), integer(value) {}           // NOLINT
  SqlParam(int value) : kind(Kind::kInt), integer(value) {}               // NOLINT
  static SqlParam Bool(bool value) { return SqlParam(int64_t{value ? 1 : 0}); }
  static SqlParam Blob(absl::string_view bytes);
};
using SqlParams = std::vector<SqlParam>;

// One result row: nullable cells, read as text or integers.
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> cells) : cells_(std::move(cells)) {}
  size_t size() const { return cells_.size(); }
  bool IsNull(size_t i) const { return i >= cells_.size() || !cells_[i].has_value(); }
  // "" for NULL or a missing column.
  const std::string& Text(size_t i) const;
  // 0 for NULL, a missing column or a non-integer.
  int64_t Int(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }

 private:
  std::vector<std::optional<std::string>> cells_;
};

struct SqlResult {
  std::vector<SqlRow> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

// One database connection, used by one thread at a time.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs one statement. Errors: AlreadyExists for a unique-constraint violation, Unavailable when
  // the connection is lost or the database stays locked, Aborted for a deadlock or serialization
  // failure, Internal otherwise. Messages carry the database's reason, never the SQL text.
  virtual absl::StatusOr<SqlResult> Exec(absl::string_view sql, const SqlParams& params) = 0;
  // False once the connection is unusable; the pool then drops it.
  virtual bool Healthy() = 0;
};

// Where the two databases differ; everything else is shared SQL.
struct Dialect {
  absl::string_view name;            // "sqlite", "postgres"
  absl::string_view begin_read;      // starts a read transaction
  absl::string_view begin_write;     // starts a write transaction (SQLite: takes the write lock)
  absl::string_view migration_lock;  // serializes migrations across processes ("" : none needed)
  absl::string_view skip_locked;     // suffix of the job-claim SELECT
  absl::string_view blob_type;       // column type of opaque bytes
  // Text columns compare by bytes on both databases: sorting agrees, and a plain index serves
  // LIKE 'prefix%' (SQLite also needs PRAGMA case_sensitive_like).
  absl::string_view text_type;
};
const Dialect& SqliteDialect();
const Dialect& PostgresDialect();

enum class TxMode { kRead, kWrite };

// A bounded pool of connections to one database. Thread-safe.
class Database {
 public:
  using Connector = std::function<absl::StatusOr<std::unique_ptr<SqlConnection>>()>;
  Database(const Dialect& dialect, Connector connect, int max_connections);
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  const Dialect& dialect() const { return dialect_; }

  // One statement in autocommit mode.
  absl::StatusOr<SqlResult> Exec(absl::string_view sql, const SqlParams& params = {});
  // Runs `body` in one transaction on one connection: committed when it returns OK, rolled back
  // otherwise, and the body's error returned unchanged.
  absl::Status Transact(TxMode mode, const std::function<absl::Status(SqlConnection&)>& body);

 private:
  absl::StatusOr<std::unique_ptr<SqlConnection>> Acquire();
  void Release(std::unique_ptr<SqlConnection> connection, bool reusable);

  const Dialect& dialect_;
  Connector connect_;
  const int max_connections_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  int open_ = 0;
};

}  // namespace moat::store
