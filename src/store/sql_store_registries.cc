// SqlStore: registries and the digest each of their tags last pointed at.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/sql_store.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr char kRegistryColumns[] =
    "id, name, type, url, username, secret, insecure, ca_pem, repositories_json,"
    " scan_interval_s, created_at, last_scan_at";

RegistryRecord RegistryFromRow(const SqlRow& row) {
  return RegistryRecord{.id = row.Text(0),
                        .name = row.Text(1),
                        .type = row.Text(2),
                        .url = row.Text(3),
                        .username = row.Text(4),
                        .secret = row.Text(5),
                        .insecure = row.Bool(6),
                        .ca_pem = row.Text(7),
                        .repositories = DecodeStringList(row.Text(8)),
                        .scan_interval_s = row.Int(9),
                        .created_at = row.Int(10),
                        .last_scan_at = row.Int(11)};
}

}  // namespace

absl::StatusOr<RegistryRecord> SqlStore::CreateRegistry(const RegistryRecord& registry,
                                                        const AuditEntry& audit) {
  std::string context = absl::StrCat("store: creating registry \"", registry.name, "\"");
  if (registry.name.empty()) return absl::InvalidArgumentError(context + ": the name is empty");
  RegistryRecord stored = registry;
  if (stored.id.empty()) stored.id = NewId();
  stored.created_at = NowIfUnset(stored.created_at);
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(c.Exec(absl::StrCat("INSERT INTO registries (", kRegistryColumns,
                                             ") VALUES (", Placeholders(1, 12), ")"),
                                {stored.id, stored.name, stored.type, stored.url, stored.username,
                                 stored.secret, SqlParam::Bool(stored.insecure), stored.ca_pem,
                                 EncodeStringList(stored.repositories), stored.scan_interval_s,
                                 stored.created_at, stored.last_scan_at})
                             .status());
    return WriteAudit(c, audit);
  });
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(context + ": a registry with this name exists");
  }
  MOAT_RETURN_IF_ERROR(Annotate(status, context));
  return stored;
}

absl::StatusOr<RegistryRecord> SqlStore::GetRegistry(absl::string_view id) {
  std::string context = absl::StrCat("store: reading registry ", id);
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kRegistryColumns, " FROM registries WHERE id = $1"), {id});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->rows.empty()) return absl::NotFoundError(context + ": no such registry");
  return RegistryFromRow(result->rows[0]);
}

absl::StatusOr<std::vector<RegistryRecord>> SqlStore::ListRegistries() {
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kRegistryColumns, " FROM registries ORDER BY name"));
  if (!result.ok()) return Annotate(result.status(), "store: listing registries");
  std::vector<RegistryRecord> out;
  for (const SqlRow& row : result->rows) out.push_back(RegistryFromRow(row));
  return out;
}

absl::Status SqlStore::DeleteRegistry(absl::string_view id, const AuditEntry& audit) {
  std::string context = absl::StrCat("store: deleting registry ", id);
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(SqlResult deleted, c.Exec("DELETE FROM registries WHERE id = $1", {id}));
    if (deleted.affected == 0) return absl::NotFoundError("no such registry");
    MOAT_RETURN_IF_ERROR(c.Exec("DELETE FROM registry_tags WHERE registry_id = $1", {id}).status());
    return WriteAudit(c, audit);
  });
  return Annotate(status, context);
}

absl::Status SqlStore::SetRegistryScanned(absl::string_view id, TimeMs when) {
  std::string context = absl::StrCat("store: marking registry ", id, " scanned");
  absl::StatusOr<SqlResult> result =
      db_->Exec("UPDATE registries SET last_scan_at = $1 WHERE id = $2", {when, id});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->affected == 0) return absl::NotFoundError(context + ": no such registry");
  return absl::OkStatus();
}

absl::Status SqlStore::SetRegistrySchedule(absl::string_view id, int64_t scan_interval_s,
                                           const AuditEntry& audit) {
  std::string context = absl::StrCat("store: scheduling registry ", id);
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(
        SqlResult updated,
        c.Exec("UPDATE registries SET scan_interval_s = $1 WHERE id = $2", {scan_interval_s, id}));
    if (updated.affected == 0) return absl::NotFoundError("no such registry");
    return WriteAudit(c, audit);
  });
  return Annotate(status, context);
}

absl::StatusOr<bool> SqlStore::RecordTag(absl::string_view registry_id,
                                         absl::string_view repository, absl::string_view tag,
                                         absl::string_view digest) {
  // One statement: a row is written (affected = 1) only when the tag is new or has moved.
  absl::StatusOr<SqlResult> result = db_->Exec(
      "INSERT INTO registry_tags (registry_id, repository, tag, digest, updated_at)"
      " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (registry_id, repository, tag) DO UPDATE"
      " SET digest = excluded.digest, updated_at = excluded.updated_at"
      " WHERE registry_tags.digest <> excluded.digest",
      {registry_id, repository, tag, digest, Now()});
  if (!result.ok()) {
    return Annotate(result.status(), absl::StrCat("store: recording tag ", repository, ":", tag));
  }
  return result->affected > 0;
}

}  // namespace moat::store
