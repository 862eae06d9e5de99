// DatabaseWriter: collects advisories, then writes the SQLite file in one transaction with
// prepared statements, rows in key order, into a temporary file renamed into place.
#include <algorithm>
#include <map>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "common/version.h"
#include "vulndb/advisory_codec.h"
#include "vulndb/advisory_merge.h"
#include "vulndb/database.h"
#include "vulndb/database_schema.h"
#include "vulndb/file_install.h"
#include "vulndb/sqlite_util.h"

namespace moat::vulndb {
namespace {

struct AffectedRow {
  int64_t ns;
  const std::string* package;
  int64_t advisory;
  int64_t seq;
  const AffectedPackage* affected;
};

// The rows to write, in primary-key order so SQLite appends to its B-trees.
struct Layout {
  std::map<std::pair<std::string, std::string>, int64_t> namespaces;
  std::vector<AffectedRow> rows;
};

Layout PlanRows(const std::vector<Advisory>& advisories) {
  Layout layout;
  for (const Advisory& a : advisories) {
    for (const AffectedPackage& p : a.affected) layout.namespaces[{p.ecosystem, p.distro}] = 0;
  }
  int64_t next = 1;
  for (auto& [key, id] : layout.namespaces) id = next++;
  for (size_t i = 0; i < advisories.size(); ++i) {
    int64_t seq = 0;
    for (const AffectedPackage& p : advisories[i].affected) {
      int64_t ns = layout.namespaces[{p.ecosystem, p.distro}];
      layout.rows.push_back({ns, &p.package, static_cast<int64_t>(i) + 1, seq++, &p});
    }
  }
  std::sort(layout.rows.begin(), layout.rows.end(), [](const AffectedRow& x, const AffectedRow& y) {
    return std::tie(x.ns, *x.package, x.advisory, x.seq) <
           std::tie(y.ns, *y.package, y.advisory, y.seq);
  });
  return layout;
}

class DatabaseWriterImpl : public DatabaseWriter {
 public:
  DatabaseWriterImpl(std::string path, DatabaseWriterOptions options)
      : path_(std::move(path)), options_(std::move(options)) {}

  void Add(Advisory advisory) override { collector_.Add(std::move(advisory)); }
  void SetDownloads(std::vector<FeedDownload> downloads) override {
    downloads_ = std::move(downloads);
  }
  absl::Status Finish(const std::vector<ImportStats>& sources) override {
    return Annotate(Write(sources), absl::StrCat("writing the database ", path_));
  }

 private:
  absl::Status Write(const std::vector<ImportStats>& sources);
  absl::Status WriteTables(sqlite3* db, const std::vector<Advisory>& advisories,
                           const Layout& layout, const DatabaseMetadata& metadata);

  std::string path_;
  DatabaseWriterOptions options_;
  AdvisoryCollector collector_;
  std::vector<FeedDownload> downloads_;
};

absl::Status InsertAdvisories(sqlite3* db, const std::vector<Advisory>& advisories) {
  MOAT_ASSIGN_OR_RETURN(SqliteStmt stmt, SqlitePrepare(db, kInsertAdvisorySql));
  for (size_t i = 0; i < advisories.size(); ++i) {
    const Advisory& a = advisories[i];
    std::string body = EncodeAdvisory(a);
    sqlite3_bind_int64(stmt.get(), 1, static_cast<int64_t>(i) + 1);
    BindText(stmt.get(), 2, a.source);
    BindText(stmt.get(), 3, a.id);
    BindBlob(stmt.get(), 4, body);
    MOAT_RETURN_IF_ERROR(SqliteStepDone(db, stmt.get(), absl::StrCat("inserting ", a.id)));
  }
  return absl::OkStatus();
}

absl::Status InsertLayout(sqlite3* db, const Layout& layout) {
  MOAT_ASSIGN_OR_RETURN(SqliteStmt ns, SqlitePrepare(db, kInsertNamespaceSql));
  for (const auto& [key, id] : layout.namespaces) {
    sqlite3_bind_int64(ns.get(), 1, id);
    BindText(ns.get(), 2, key.first);
    BindText(ns.get(), 3, key.second);
    MOAT_RETURN_IF_ERROR(SqliteStepDone(db, ns.get(), "inserting a namespace"));
  }
  MOAT_ASSIGN_OR_RETURN(SqliteStmt stmt, SqlitePrepare(db, kInsertAffectedSql));
  for (const AffectedRow& row : layout.rows) {
    std::string body = EncodeAffected(*row.affected);
    sqlite3_bind_int64(stmt.get(), 1, row.ns);
    BindText(stmt.get(), 2, *row.package);
    sqlite3_bind_int64(stmt.get(), 3, row.advisory);
    sqlite3_bind_int64(stmt.get(), 4, row.seq);
    BindBlob(stmt.get(), 5, body);
    MOAT_RETURN_IF_ERROR(
        SqliteStepDone(db, stmt.get(), absl::StrCat("inserting affected ", *row.package)));
  }
  return absl::OkStatus();
}

absl::Status InsertMetadata(sqlite3* db, const DatabaseMetadata& metadata) {
  MOAT_ASSIGN_OR_RETURN(SqliteStmt stmt, SqlitePrepare(db, kInsertMetaSql));
  for (const auto& [key, value] : MetadataRows(metadata)) {
    BindText(stmt.get(), 1, key);
    BindText(stmt.get(), 2, value);
    MOAT_RETURN_IF_ERROR(SqliteStepDone(db, stmt.get(), absl::StrCat("inserting meta ", key)));
  }
  return absl::OkStatus();
}

absl::Status DatabaseWriterImpl::WriteTables(sqlite3* db, const std::vector<Advisory>& advisories,
                                             const Layout& layout,
                                             const DatabaseMetadata& metadata) {
  MOAT_RETURN_IF_ERROR(
      SqliteExec(db, absl::StrCat("PRAGMA application_id = ", kDatabaseApplicationId).c_str()));
  MOAT_RETURN_IF_ERROR(
      SqliteExec(db, absl::StrCat("PRAGMA user_version = ", kDatabaseSchemaVersion).c_str()));
  MOAT_RETURN_IF_ERROR(SqliteExec(db, "BEGIN"));
  MOAT_RETURN_IF_ERROR(SqliteExec(db, kCreateSchemaSql));
  MOAT_RETURN_IF_ERROR(InsertMetadata(db, metadata));
  MOAT_RETURN_IF_ERROR(InsertAdvisories(db, advisories));
  MOAT_RETURN_IF_ERROR(InsertLayout(db, layout));
  return SqliteExec(db, "COMMIT");
}

absl::Status DatabaseWriterImpl::Write(const std::vector<ImportStats>& sources) {
  std::vector<Advisory> advisories = collector_.Take();
  Layout layout = PlanRows(advisories);
  DatabaseMetadata metadata;
  metadata.schema_version = kDatabaseSchemaVersion;
  metadata.built_at =
      !options_.built_at.empty()
          ? options_.built_at
          : absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  metadata.moat_version = kMoatVersion;
  metadata.sources = sources;
  metadata.advisories = static_cast<int64_t>(advisories.size());
  metadata.affected_entries = static_cast<int64_t>(layout.rows.size());
  metadata.downloads = std::move(downloads_);

  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> temp, TempFile::CreateBeside(path_));
  {
    MOAT_ASSIGN_OR_RETURN(SqliteDb db, OpenSqliteForBuild(temp->path()));
    MOAT_RETURN_IF_ERROR(WriteTables(db.get(), advisories, layout, metadata));
    if (sqlite3_close(db.release()) != SQLITE_OK) {
      return absl::InternalError(absl::StrCat("closing ", temp->path()));
    }
  }
  return temp->Install();
}

}  // namespace

absl::StatusOr<std::unique_ptr<DatabaseWriter>> NewDatabaseWriter(
    const std::string& path, const DatabaseWriterOptions& options) {
  if (path.empty()) return absl::InvalidArgumentError("database path is empty");
  return std::make_unique<DatabaseWriterImpl>(path, options);
}

absl::StatusOr<std::unique_ptr<DatabaseWriter>> NewDatabaseWriter(const std::string& path) {
  return NewDatabaseWriter(path, DatabaseWriterOptions{});
}

}  // namespace moat::vulndb
