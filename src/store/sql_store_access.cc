// SqlStore: API tokens and alerts.
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/sql_store.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr TimeMs kTokenUseResolutionMs = 60 * 1000;

constexpr char kTokenColumns[] =
    "id, name, role, hash, created_at, created_by, last_used_at, revoked";

TokenRecord TokenFromRow(const SqlRow& row) {
  return TokenRecord{.id = row.Text(0),
                     .name = row.Text(1),
                     .role = ParseRole(row.Text(2)).value_or(Role::kViewer),
                     .hash = row.Text(3),
                     .created_at = row.Int(4),
                     .created_by = row.Text(5),
                     .last_used_at = row.Int(6),
                     .revoked = row.Bool(7)};
}

constexpr char kAlertColumns[] = "id, time, kind, severity, digest, message, detail, status";

AlertRecord AlertFromRow(const SqlRow& row) {
  return AlertRecord{.id = row.Text(0),
                     .time = row.Int(1),
                     .kind = row.Text(2),
                     .severity = row.Text(3),
                     .digest = row.Text(4),
                     .message = row.Text(5),
                     .detail = row.Text(6),
                     .status = row.Text(7)};
}

absl::Status CheckAlertStatus(absl::string_view status) {
  if (status == "new" || status == "handled" || status == "ignored") return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("unknown alert status \"", status, "\" (expected new, handled or ignored)"));
}

}  // namespace

absl::StatusOr<TokenRecord> SqlStore::CreateToken(const TokenRecord& token,
                                                  const AuditEntry& audit) {
  std::string context = absl::StrCat("store: creating token \"", token.name, "\"");
  if (token.hash.empty()) return absl::InvalidArgumentError(context + ": the hash is empty");
  TokenRecord stored = token;
  if (stored.id.empty()) stored.id = NewId();
  stored.created_at = NowIfUnset(stored.created_at);
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(
        c.Exec(absl::StrCat("INSERT INTO tokens (", kTokenColumns, ") VALUES (", Placeholders(1, 8),
                            ")"),
               {stored.id, stored.name, RoleName(stored.role), stored.hash, stored.created_at,
                stored.created_by, stored.last_used_at, SqlParam::Bool(stored.revoked)})
            .status());
    return WriteAudit(c, audit);
  });
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(context + ": a token with this hash or id exists");
  }
  MOAT_RETURN_IF_ERROR(Annotate(status, context));
  return stored;
}

absl::StatusOr<std::optional<TokenRecord>> SqlStore::FindToken(absl::string_view hash, TimeMs now) {
  absl::StatusOr<SqlResult> result = db_->Exec(
      absl::StrCat("SELECT ", kTokenColumns, " FROM tokens WHERE hash = $1 AND revoked = 0"),
      {hash});
  if (!result.ok()) return Annotate(result.status(), "store: looking up a token");
  if (result->rows.empty()) return std::nullopt;
  TokenRecord token = TokenFromRow(result->rows[0]);
  // Every API request looks its token up: writing the use time each time would make every read
  // a write (and serialise a SQLite center), so it is written at most once a minute.
  if (now - token.last_used_at >= kTokenUseResolutionMs) {
    absl::StatusOr<SqlResult> used =
        db_->Exec("UPDATE tokens SET last_used_at = $1 WHERE id = $2", {now, token.id});
    if (!used.ok()) return Annotate(used.status(), "store: recording a token's use");
    token.last_used_at = now;
  }
  return token;
}

absl::StatusOr<std::vector<TokenRecord>> SqlStore::ListTokens() {
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kTokenColumns, " FROM tokens ORDER BY created_at, id"));
  if (!result.ok()) return Annotate(result.status(), "store: listing tokens");
  std::vector<TokenRecord> out;
  for (const SqlRow& row : result->rows) out.push_back(TokenFromRow(row));
  return out;
}

absl::Status SqlStore::RevokeToken(absl::string_view id, const AuditEntry& audit) {
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(SqlResult revoked,
                          c.Exec("UPDATE tokens SET revoked = 1 WHERE id = $1", {id}));
    if (revoked.affected == 0) return absl::NotFoundError("no such token");
    return WriteAudit(c, audit);
  });
  return Annotate(status, absl::StrCat("store: revoking token ", id));
}

absl::StatusOr<AlertRecord> SqlStore::CreateAlert(const AlertRecord& alert) {
  std::string context = absl::StrCat("store: creating ", alert.kind, " alert");
  AlertRecord stored = alert;
  if (stored.id.empty()) stored.id = NewId();
  if (stored.status.empty()) stored.status = "new";
  stored.time = NowIfUnset(stored.time);
  MOAT_RETURN_IF_ERROR(Annotate(CheckAlertStatus(stored.status), context));
  absl::StatusOr<SqlResult> result = db_->Exec(
      absl::StrCat("INSERT INTO alerts (", kAlertColumns, ") VALUES (", Placeholders(1, 8), ")"),
      {stored.id, stored.time, stored.kind, stored.severity, stored.digest, stored.message,
       stored.detail, stored.status});
  if (absl::IsAlreadyExists(result.status())) {
    return absl::AlreadyExistsError(context + ": an alert with id " + stored.id + " exists");
  }
  if (!result.ok()) return Annotate(result.status(), context);
  return stored;
}

absl::StatusOr<std::vector<AlertRecord>> SqlStore::ListAlerts(const AlertQuery& query) {
  std::string context = "store: listing alerts";
  MOAT_RETURN_IF_ERROR(Annotate(CheckPage(query.offset, query.limit), context));
  std::string where = " WHERE 1 = 1";
  SqlParams params;
  if (!query.status.empty()) {
    params.push_back(query.status);
    absl::StrAppend(&where, " AND status = $", params.size());
  }
  if (!query.kind.empty()) {
    params.push_back(query.kind);
    absl::StrAppend(&where, " AND kind = $", params.size());
  }
  params.push_back(query.limit);
  params.push_back(query.offset);
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kAlertColumns, " FROM alerts", where,
                             " ORDER BY time DESC, id DESC LIMIT $", params.size() - 1, " OFFSET $",
                             params.size()),
                params);
  if (!result.ok()) return Annotate(result.status(), context);
  std::vector<AlertRecord> out;
  for (const SqlRow& row : result->rows) out.push_back(AlertFromRow(row));
  return out;
}

absl::Status SqlStore::SetAlertStatus(absl::string_view id, absl::string_view status,
                                      const AuditEntry& audit) {
  std::string context = absl::StrCat("store: setting the status of alert ", id);
  MOAT_RETURN_IF_ERROR(Annotate(CheckAlertStatus(status), context));
  absl::Status done = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(SqlResult updated,
                          c.Exec("UPDATE alerts SET status = $1 WHERE id = $2", {status, id}));
    if (updated.affected == 0) return absl::NotFoundError("no such alert");
    return WriteAudit(c, audit);
  });
  return Annotate(done, context);
}

}  // namespace moat::store
