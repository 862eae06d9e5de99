// VulnDatabase over the SQLite file: read-only immutable connections from a small pool, one
// prepared lookup statement each, so concurrent scans look up in parallel without locks in
// SQLite.
#include <unistd.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status.h"
#include "common/version.h"
#include "vulndb/advisory_codec.h"
#include "vulndb/database.h"
#include "vulndb/database_schema.h"
#include "vulndb/sqlite_util.h"

namespace moat::vulndb {
namespace {

struct Connection {
  SqliteDb db;
  SqliteStmt lookup;
  SqliteStmt lookup_batch;
};

std::string NamespaceKey(absl::string_view ecosystem, absl::string_view distro) {
  return absl::StrCat(ecosystem, "\n", distro);
}

absl::StatusOr<std::unique_ptr<Connection>> Prepare(SqliteDb db) {
  auto connection = std::make_unique<Connection>();
  connection->db = std::move(db);
  // Pages come from the OS page cache through the mapping, shared by all connections.
  MOAT_RETURN_IF_ERROR(SqliteExec(connection->db.get(), "PRAGMA mmap_size = 1073741824"));
  MOAT_ASSIGN_OR_RETURN(connection->lookup, SqlitePrepare(connection->db.get(), kLookupSql));
  MOAT_ASSIGN_OR_RETURN(connection->lookup_batch,
                        SqlitePrepare(connection->db.get(), kLookupBatchSql));
  return connection;
}

absl::StatusOr<std::unique_ptr<Connection>> Connect(const std::string& path) {
  MOAT_ASSIGN_OR_RETURN(SqliteDb db, OpenSqliteReadOnly(path));
  return Prepare(std::move(db));
}

absl::StatusOr<int64_t> PragmaInt(sqlite3* db, const char* pragma, const std::string& path) {
  auto stmt = SqlitePrepare(db, pragma);
  if (!stmt.ok() || sqlite3_step(stmt->get()) != SQLITE_ROW) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": not a Moat vulnerability database (", sqlite3_errmsg(db), ")"));
  }
  return sqlite3_column_int64(stmt->get(), 0);
}

// Refuses files that are not Moat databases, or are of another schema version.
absl::Status CheckIdentity(sqlite3* db, const std::string& path) {
  MOAT_ASSIGN_OR_RETURN(int64_t app_id, PragmaInt(db, "PRAGMA application_id", path));
  if (app_id != kDatabaseApplicationId) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a Moat vulnerability database"));
  }
  MOAT_ASSIGN_OR_RETURN(int64_t version, PragmaInt(db, "PRAGMA user_version", path));
  if (version != kDatabaseSchemaVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, ": database schema version ", version, ", but Moat ", kMoatVersion,
        " reads schema version ", kDatabaseSchemaVersion,
        ": rebuild it with `moat db build` or `moat db update` (or use a matching Moat)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<DatabaseMetadata> ReadMetadata(sqlite3* db, const std::string& path) {
  MOAT_ASSIGN_OR_RETURN(SqliteStmt stmt, SqlitePrepare(db, kSelectMetaSql));
  std::map<std::string, std::string> rows;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    rows[std::string(ColumnView(stmt.get(), 0))] = std::string(ColumnView(stmt.get(), 1));
  }
  if (rc != SQLITE_DONE) return SqliteError(db, absl::StrCat("reading metadata of ", path));
  auto metadata = MetadataFromRows(rows);
  if (!metadata.ok()) return Annotate(metadata.status(), path);
  return metadata;
}

// Turns lookup rows (columns from `first`: advisory row id, source, name, advisory body, entry
// body) into records. Rows come in advisory order: consecutive entries of one advisory share
// its stored body.
class RecordReader {
 public:
  RecordReader(sqlite3_stmt* stmt, int first, absl::string_view ecosystem, absl::string_view distro)
      : stmt_(stmt), first_(first), ecosystem_(ecosystem), distro_(distro) {}

  absl::Status Append(absl::string_view package, std::vector<AffectedRecord>& out) {
    int64_t row = sqlite3_column_int64(stmt_, first_);
    if (advisory_ == nullptr || row != advisory_row_) {
      advisory_ = std::make_shared<const StoredAdvisory>(
          std::string(ColumnView(stmt_, first_ + 1)), std::string(ColumnView(stmt_, first_ + 2)),
          std::string(ColumnView(stmt_, first_ + 3)));
      advisory_row_ = row;
    }
    AffectedRecord& record = out.emplace_back();
    record.advisory = advisory_;
    record.affected.ecosystem = std::string(ecosystem_);
    record.affected.distro = std::string(distro_);
    record.affected.package = std::string(package);
    return DecodeAffected(ColumnView(stmt_, first_ + 4), &record.affected);
  }

 private:
  sqlite3_stmt* stmt_;
  int first_;
  absl::string_view ecosystem_;
  absl::string_view distro_;
  std::shared_ptr<const StoredAdvisory> advisory_;
  int64_t advisory_row_ = 0;
};

class VulnDatabaseImpl : public VulnDatabase {
 public:
  VulnDatabaseImpl(std::string path, int max_connections, DatabaseMetadata metadata,
                   absl::flat_hash_map<std::string, int64_t> namespaces)
      : path_(std::move(path)),
        max_connections_(max_connections),
        metadata_(std::move(metadata)),
        namespaces_(std::move(namespaces)) {}

  const DatabaseMetadata& metadata() const override { return metadata_; }

  absl::StatusOr<std::vector<AffectedRecord>> Lookup(absl::string_view ecosystem,
                                                     absl::string_view distro,
                                                     absl::string_view package) const override {
    auto ns = namespaces_.find(NamespaceKey(ecosystem, distro));
    if (ns == namespaces_.end()) return std::vector<AffectedRecord>();
    MOAT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Acquire());
    auto records = Query(*connection, ns->second, ecosystem, distro, package);
    Release(std::move(connection));
    return records;
  }

  absl::StatusOr<std::vector<std::vector<AffectedRecord>>> LookupMany(
      absl::string_view ecosystem, absl::string_view distro,
      const std::vector<absl::string_view>& packages) const override;

  void AddIdle(std::unique_ptr<Connection> connection) {
    absl::MutexLock lock(&mu_);
    ++open_;
    idle_.push_back(std::move(connection));
  }

 private:
  absl::StatusOr<std::unique_ptr<Connection>> Acquire() const;
  void Release(std::unique_ptr<Connection> connection) const;
  absl::StatusOr<std::vector<AffectedRecord>> Query(Connection& connection, int64_t ns,
                                                    absl::string_view ecosystem,
                                                    absl::string_view distro,
                                                    absl::string_view package) const;
  // Looks up packages[order[0..n)] (n <= kLookupBatch, sorted by name) into `out`.
  absl::Status QueryBatch(Connection& connection, int64_t ns, absl::string_view ecosystem,
                          absl::string_view distro, const std::vector<absl::string_view>& packages,
                          const size_t* order, size_t n,
                          std::vector<std::vector<AffectedRecord>>& out) const;

  std::string path_;
  int max_connections_;
  DatabaseMetadata metadata_;
  absl::flat_hash_map<std::string, int64_t> namespaces_;
  mutable absl::Mutex mu_;
  mutable std::vector<std::unique_ptr<Connection>> idle_ ABSL_GUARDED_BY(mu_);
  mutable int open_ ABSL_GUARDED_BY(mu_) = 0;
};

absl::StatusOr<std::unique_ptr<Connection>> VulnDatabaseImpl::Acquire() const {
  {
    absl::MutexLock lock(&mu_);
    auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return !idle_.empty() || open_ < max_connections_;
    };
    mu_.Await(absl::Condition(&available));
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;  // reserve the slot; the connection is opened outside the lock
  }
  auto connection = Connect(path_);
  if (!connection.ok()) {
    absl::MutexLock lock(&mu_);
    --open_;
  }
  return connection;
}

void VulnDatabaseImpl::Release(std::unique_ptr<Connection> connection) const {
  absl::MutexLock lock(&mu_);
  idle_.push_back(std::move(connection));
}

absl::StatusOr<std::vector<AffectedRecord>> VulnDatabaseImpl::Query(
    Connection& connection, int64_t ns, absl::string_view ecosystem, absl::string_view distro,
    absl::string_view package) const {
  sqlite3_stmt* stmt = connection.lookup.get();
  sqlite3_bind_int64(stmt, 1, ns);
  BindText(stmt, 2, package);
  std::vector<AffectedRecord> out;
  absl::Status status;
  int rc;
  RecordReader reader(stmt, 0, ecosystem, distro);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    status = reader.Append(package, out);
    if (!status.ok()) break;
  }
  if (status.ok() && rc != SQLITE_DONE) status = SqliteError(connection.db.get(), "lookup");
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (!status.ok()) {
    return Annotate(status, absl::StrCat(path_, ": looking up ", ecosystem, " ", distro,
                                         distro.empty() ? "" : " ", package));
  }
  return out;
}

absl::StatusOr<std::vector<std::vector<AffectedRecord>>> VulnDatabaseImpl::LookupMany(
    absl::string_view ecosystem, absl::string_view distro,
    const std::vector<absl::string_view>& packages) const {
  std::vector<std::vector<AffectedRecord>> out(packages.size());
  auto ns = namespaces_.find(NamespaceKey(ecosystem, distro));
  if (ns == namespaces_.end() || packages.empty()) return out;
  // Sorted by name, as the rows come, so rows find their package in one pass.
  std::vector<size_t> order(packages.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return packages[a] < packages[b]; });
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> connection, Acquire());
  absl::Status status;
  for (size_t start = 0; start < order.size() && status.ok(); start += kLookupBatch) {
    size_t n = std::min<size_t>(kLookupBatch, order.size() - start);
    status =
        QueryBatch(*connection, ns->second, ecosystem, distro, packages, &order[start], n, out);
  }
  Release(std::move(connection));
  if (!status.ok()) return status;
  return out;
}

absl::Status VulnDatabaseImpl::QueryBatch(Connection& connection, int64_t ns,
                                          absl::string_view ecosystem, absl::string_view distro,
                                          const std::vector<absl::string_view>& packages,
                                          const size_t* order, size_t n,
                                          std::vector<std::vector<AffectedRecord>>& out) const {
  sqlite3_stmt* stmt = connection.lookup_batch.get();
  sqlite3_bind_int64(stmt, 1, ns);
  for (size_t i = 0; i < static_cast<size_t>(kLookupBatch); ++i) {
    if (i < n) {
      BindText(stmt, static_cast<int>(i) + 2, packages[order[i]]);
    } else {
      sqlite3_bind_null(stmt, static_cast<int>(i) + 2);
    }
  }
  absl::Status status;
  int rc;
  RecordReader reader(stmt, 1, ecosystem, distro);
  size_t at = 0;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    absl::string_view package = ColumnView(stmt, 0);
    while (at < n && packages[order[at]] < package) ++at;
    if (at == n || packages[order[at]] != package) continue;  // not asked for: never happens
    status = reader.Append(packages[order[at]], out[order[at]]);
    if (!status.ok()) break;
  }
  if (status.ok() && rc != SQLITE_DONE) status = SqliteError(connection.db.get(), "lookup");
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (!status.ok()) {
    return Annotate(status, absl::StrCat(path_, ": looking up ", n, " packages of ", ecosystem,
                                         distro.empty() ? "" : " ", distro));
  }
  // A name asked for twice gets the records of its first occurrence.
  for (size_t i = 1; i < n; ++i) {
    if (packages[order[i]] == packages[order[i - 1]]) out[order[i]] = out[order[i - 1]];
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::flat_hash_map<std::string, int64_t>> ReadNamespaces(sqlite3* db,
                                                                         const std::string& path) {
  MOAT_ASSIGN_OR_RETURN(SqliteStmt stmt, SqlitePrepare(db, kSelectNamespacesSql));
  absl::flat_hash_map<std::string, int64_t> out;
  int rc;
  while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
    out[NamespaceKey(ColumnView(stmt.get(), 1), ColumnView(stmt.get(), 2))] =
        sqlite3_column_int64(stmt.get(), 0);
  }
  if (rc != SQLITE_DONE) return SqliteError(db, absl::StrCat("reading ", path));
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::vector<AffectedRecord>>> VulnDatabase::LookupMany(
    absl::string_view ecosystem, absl::string_view distro,
    const std::vector<absl::string_view>& packages) const {
  std::vector<std::vector<AffectedRecord>> out;
  out.reserve(packages.size());
  for (absl::string_view package : packages) {
    MOAT_ASSIGN_OR_RETURN(std::vector<AffectedRecord> records, Lookup(ecosystem, distro, package));
    out.push_back(std::move(records));
  }
  return out;
}

absl::StatusOr<std::unique_ptr<VulnDatabase>> OpenVulnDatabase(const std::string& path,
                                                               const DatabaseOpenOptions& options) {
  // sqlite would happily create an empty database for a missing path were it not read-only;
  // say plainly that the file is missing.
  if (::access(path.c_str(), F_OK) != 0) {
    return absl::NotFoundError(absl::StrCat(
        path, ": no vulnerability database (run `moat db update` or `moat db build`)"));
  }
  MOAT_ASSIGN_OR_RETURN(SqliteDb db, OpenSqliteReadOnly(path));
  MOAT_RETURN_IF_ERROR(CheckIdentity(db.get(), path));
  MOAT_ASSIGN_OR_RETURN(DatabaseMetadata metadata, ReadMetadata(db.get(), path));
  MOAT_ASSIGN_OR_RETURN(auto namespaces, ReadNamespaces(db.get(), path));
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, Prepare(std::move(db)));
  int max = options.max_connections > 0
                ? options.max_connections
                : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  auto database =
      std::make_unique<VulnDatabaseImpl>(path, max, std::move(metadata), std::move(namespaces));
  database->AddIdle(std::move(first));
  return database;
}

absl::StatusOr<std::unique_ptr<VulnDatabase>> OpenVulnDatabase(const std::string& path) {
  return OpenVulnDatabase(path, DatabaseOpenOptions{});
}

}  // namespace moat::vulndb
