// SqlStore's shared plumbing (clock, sequences, audit rows) and the small key-value parts:
// the layer cache and settings.
#include "store/sql_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "store/sql_util.h"

namespace moat::store {

SqlStore::SqlStore(std::unique_ptr<Database> db, platform::Clock* clock)
    : db_(std::move(db)),
      own_clock_(clock == nullptr ? std::make_unique<platform::RealClock>() : nullptr),
      clock_(clock != nullptr ? clock : own_clock_.get()) {}

TimeMs SqlStore::Now() { return absl::ToUnixMillis(clock_->Now()); }

absl::StatusOr<int64_t> SqlStore::NextSequence(SqlConnection& c, absl::string_view name) {
  MOAT_ASSIGN_OR_RETURN(
      SqlResult result,
      c.Exec("UPDATE sequences SET value = value + 1 WHERE name = $1 RETURNING value", {name}));
  if (result.rows.empty()) {
    return absl::InternalError(absl::StrCat("sequence \"", name, "\" is missing"));
  }
  return result.rows[0].Int(0);
}

absl::Status SqlStore::WriteAudit(SqlConnection& c, const AuditEntry& audit) {
  MOAT_ASSIGN_OR_RETURN(int64_t id, NextSequence(c, "audit"));
  return c
      .Exec(
          "INSERT INTO audit (id, time, actor, action, target, detail)"
          " VALUES ($1, $2, $3, $4, $5, $6)",
          {id, NowIfUnset(audit.time), audit.actor, audit.action, audit.target, audit.detail})
      .status();
}

absl::StatusOr<std::vector<AuditEntry>> SqlStore::ListAudit(int64_t offset, int64_t limit) {
  MOAT_RETURN_IF_ERROR(Annotate(CheckPage(offset, limit), "store: listing audit log"));
  absl::StatusOr<SqlResult> result = db_->Exec(
      "SELECT id, time, actor, action, target, detail FROM audit"
      " ORDER BY time DESC, id DESC LIMIT $1 OFFSET $2",
      {limit, offset});
  if (!result.ok()) return Annotate(result.status(), "store: listing audit log");
  std::vector<AuditEntry> out;
  for (const SqlRow& row : result->rows) {
    out.push_back(AuditEntry{.id = row.Int(0),
                             .time = row.Int(1),
                             .actor = row.Text(2),
                             .action = row.Text(3),
                             .target = row.Text(4),
                             .detail = row.Text(5)});
  }
  return out;
}

absl::StatusOr<std::optional<std::string>> SqlStore::GetLayer(absl::string_view digest) {
  absl::StatusOr<SqlResult> result =
      db_->Exec("SELECT data FROM layers WHERE digest = $1", {digest});
  if (!result.ok()) {
    return Annotate(result.status(), absl::StrCat("store: reading layer ", digest));
  }
  if (result->rows.empty()) return std::nullopt;
  return result->rows[0].Text(0);
}

absl::Status SqlStore::PutLayer(absl::string_view digest, const std::string& blob) {
  absl::StatusOr<SqlResult> result = db_->Exec(
      "INSERT INTO layers (digest, data, created_at) VALUES ($1, $2, $3)"
      " ON CONFLICT (digest) DO UPDATE SET data = excluded.data, created_at = excluded.created_at",
      {digest, SqlParam::Blob(blob), Now()});
  return Annotate(result.status(), absl::StrCat("store: storing layer ", digest));
}

absl::StatusOr<std::optional<std::string>> SqlStore::GetSetting(absl::string_view key) {
  absl::StatusOr<SqlResult> result = db_->Exec("SELECT value FROM settings WHERE key = $1", {key});
  if (!result.ok()) {
    return Annotate(result.status(), absl::StrCat("store: reading setting \"", key, "\""));
  }
  if (result->rows.empty()) return std::nullopt;
  return result->rows[0].Text(0);
}

absl::Status SqlStore::PutSetting(absl::string_view key, const std::string& value,
                                  const AuditEntry& audit) {
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(c.Exec("INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)"
                                " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"
                                " updated_at = excluded.updated_at",
                                {key, value, Now()})
                             .status());
    return WriteAudit(c, audit);
  });
  return Annotate(status, absl::StrCat("store: storing setting \"", key, "\""));
}

}  // namespace moat::store
