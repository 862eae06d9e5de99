// The connection pool and transactions shared by the SQLite and PostgreSQL connections.
#include "store/database.h"

#include <utility>

#include "absl/strings/numbers.h"

namespace moat::store {

SqlParam SqlParam::Blob(absl::string_view bytes) {
  SqlParam param(bytes);
  param.kind = Kind::kBlob;
  return param;
}

const std::string& SqlRow::Text(size_t i) const {
  static const std::string* const kEmpty = new std::string();
  if (IsNull(i)) return *kEmpty;
  return *cells_[i];
}

int64_t SqlRow::Int(size_t i) const {
  int64_t value = 0;
  if (IsNull(i) || !absl::SimpleAtoi(*cells_[i], &value)) return 0;
  return value;
}

const Dialect& SqliteDialect() {
  static const Dialect kSqlite{
      .name = "sqlite",
      .begin_read = "BEGIN",
      .begin_write = "BEGIN IMMEDIATE",
      .migration_lock = "",
      .skip_locked = "",
      .blob_type = "BLOB",
      .text_type = "TEXT",
  };
  return kSqlite;
}

const Dialect& PostgresDialect() {
  static const Dialect kPostgres{
      .name = "postgres",
      .begin_read = "BEGIN",
      .begin_write = "BEGIN",
      // Any constant works; this one spells "moat" in ASCII.
      .migration_lock = "SELECT pg_advisory_xact_lock(1836019060)",
      .skip_locked = " FOR UPDATE SKIP LOCKED",
      .blob_type = "BYTEA",
      .text_type = "TEXT COLLATE \"C\"",
  };
  return kPostgres;
}

Database::Database(const Dialect& dialect, Connector connect, int max_connections)
    : dialect_(dialect),
      connect_(std::move(connect)),
      max_connections_(max_connections < 1 ? 1 : max_connections) {}

absl::StatusOr<std::unique_ptr<SqlConnection>> Database::Acquire() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    available_.wait(lock, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!idle_.empty()) {
      std::unique_ptr<SqlConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
  }
  // Connect outside the lock: it may take a while and other threads can use idle connections.
  absl::StatusOr<std::unique_ptr<SqlConnection>> connection = connect_();
  if (!connection.ok()) {
    std::lock_guard<std::mutex> lock(mutex_);
    --open_;
    available_.notify_one();
  }
  return connection;
}

void Database::Release(std::unique_ptr<SqlConnection> connection, bool reusable) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reusable && connection->Healthy()) {
    idle_.push_back(std::move(connection));
  } else {
    connection.reset();
    --open_;
  }
  available_.notify_one();
}

absl::StatusOr<SqlResult> Database::Exec(absl::string_view sql, const SqlParams& params) {
  absl::StatusOr<std::unique_ptr<SqlConnection>> connection = Acquire();
  if (!connection.ok()) return connection.status();
  absl::StatusOr<SqlResult> result = (*connection)->Exec(sql, params);
  Release(std::move(*connection), true);
  return result;
}

absl::Status Database::Transact(TxMode mode,
                                const std::function<absl::Status(SqlConnection&)>& body) {
  absl::StatusOr<std::unique_ptr<SqlConnection>> acquired = Acquire();
  if (!acquired.ok()) return acquired.status();
  std::unique_ptr<SqlConnection> connection = std::move(*acquired);
  absl::string_view begin = mode == TxMode::kWrite ? dialect_.begin_write : dialect_.begin_read;
  absl::StatusOr<SqlResult> begun = connection->Exec(begin, {});
  if (!begun.ok()) {
    Release(std::move(connection), true);
    return begun.status();
  }
  absl::Status status = body(*connection);
  if (status.ok()) {
    absl::StatusOr<SqlResult> committed = connection->Exec("COMMIT", {});
    if (committed.ok()) {
      Release(std::move(connection), true);
      return absl::OkStatus();
    }
    status = committed.status();
  }
  // A connection whose rollback failed may still hold the transaction: never lend it again.
  bool rolled_back = connection->Exec("ROLLBACK", {}).ok();
  Release(std::move(connection), rolled_back);
  return status;
}

}  // namespace moat::store
