// The schema. Append new migrations; never edit one that has shipped.
#include "store/migrations.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/status.h"

namespace moat::store {
namespace {

// TEXT and {blob} are replaced by the dialect's spelling.
const char* const kSchemaV1[] = {
    "CREATE TABLE images (digest TEXT PRIMARY KEY, image_id TEXT NOT NULL, type TEXT NOT NULL,"
    " registry_id TEXT NOT NULL, repository TEXT NOT NULL, scanned_at BIGINT NOT NULL,"
    " scan_id TEXT NOT NULL,"
    // Findings of these severities over all categories, kept with the risk rows for sorting.
    " critical BIGINT NOT NULL DEFAULT 0, high BIGINT NOT NULL DEFAULT 0)",
    "CREATE INDEX images_scanned_at ON images (scanned_at, digest)",
    "CREATE INDEX images_repository ON images (repository, digest)",
    "CREATE INDEX images_type ON images (type)",
    "CREATE INDEX images_registry ON images (registry_id)",
    "CREATE INDEX images_critical ON images (critical, digest)",
    "CREATE INDEX images_high ON images (high, digest)",
    "CREATE INDEX images_image_id ON images (image_id)",
    "CREATE TABLE image_tags (digest TEXT NOT NULL, tag TEXT NOT NULL, PRIMARY KEY (digest, tag))",
    "CREATE INDEX image_tags_tag ON image_tags (tag, digest)",
    "CREATE TABLE image_risk (digest TEXT NOT NULL, category TEXT NOT NULL,"
    " severity TEXT NOT NULL, count BIGINT NOT NULL, fixable BIGINT NOT NULL,"
    " PRIMARY KEY (digest, category, severity))",
    "CREATE INDEX image_risk_severity ON image_risk (severity, digest)",
    "CREATE TABLE scans (id TEXT PRIMARY KEY, digest TEXT NOT NULL, image_id TEXT NOT NULL,"
    " type TEXT NOT NULL, registry_id TEXT NOT NULL, repository TEXT NOT NULL,"
    " tags_json TEXT NOT NULL, report_json TEXT NOT NULL, inventory_json TEXT NOT NULL,"
    " has_inventory BIGINT NOT NULL, pipeline_provider TEXT, pipeline_repository TEXT,"
    " pipeline_workflow TEXT, pipeline_run TEXT, pipeline_commit TEXT, pipeline_branch TEXT,"
    " pipeline_url TEXT, gate TEXT NOT NULL, gate_reason TEXT NOT NULL,"
    " created_at BIGINT NOT NULL)",
    "CREATE INDEX scans_digest ON scans (digest, created_at)",
    "CREATE INDEX scans_pipeline ON scans (created_at, id) WHERE pipeline_provider IS NOT NULL",
    "CREATE TABLE layers (digest TEXT PRIMARY KEY, data {blob} NOT NULL,"
    " created_at BIGINT NOT NULL)",
    "CREATE TABLE registries (id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL,"
    " url TEXT NOT NULL, username TEXT NOT NULL, secret TEXT NOT NULL, insecure BIGINT NOT NULL,"
    " ca_pem TEXT NOT NULL, repositories_json TEXT NOT NULL, scan_interval_s BIGINT NOT NULL,"
    " created_at BIGINT NOT NULL, last_scan_at BIGINT NOT NULL)",
    "CREATE UNIQUE INDEX registries_name ON registries (name)",
    "CREATE TABLE registry_tags (registry_id TEXT NOT NULL, repository TEXT NOT NULL,"
    " tag TEXT NOT NULL, digest TEXT NOT NULL, updated_at BIGINT NOT NULL,"
    " PRIMARY KEY (registry_id, repository, tag))",
    "CREATE TABLE tokens (id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,"
    " hash TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,"
    " last_used_at BIGINT NOT NULL, revoked BIGINT NOT NULL)",
    "CREATE UNIQUE INDEX tokens_hash ON tokens (hash)",
    "CREATE TABLE audit (id BIGINT PRIMARY KEY, time BIGINT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL)",
    "CREATE INDEX audit_time ON audit (time, id)",
    "CREATE TABLE jobs (id TEXT PRIMARY KEY, seq BIGINT NOT NULL, kind TEXT NOT NULL,"
    " digest TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL, owner TEXT NOT NULL,"
    " lease_until BIGINT NOT NULL, attempts BIGINT NOT NULL, error TEXT NOT NULL,"
    " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
    // One active job per image: the dedupe of EnqueueJob holds even between replicas.
    "CREATE UNIQUE INDEX jobs_active_digest ON jobs (digest)"
    " WHERE state IN ('queued', 'running')",
    "CREATE INDEX jobs_claim ON jobs (state, created_at, seq)",
    "CREATE TABLE alerts (id TEXT PRIMARY KEY, time BIGINT NOT NULL, kind TEXT NOT NULL,"
    " severity TEXT NOT NULL, digest TEXT NOT NULL, message TEXT NOT NULL, detail TEXT NOT NULL,"
    " status TEXT NOT NULL)",
    "CREATE INDEX alerts_time ON alerts (time, id)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
    " updated_at BIGINT NOT NULL)",
    // Counters for ordered ids (audit rows, job order) that work the same on both databases.
    "CREATE TABLE sequences (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
    "INSERT INTO sequences (name, value) VALUES ('audit', 0), ('jobs', 0)",
};

// The protected assets (clusters, nodes, hosts, containers).
const char* const kSchemaV2[] = {
    "CREATE TABLE assets (id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,"
    " parent_id TEXT NOT NULL, image_digest TEXT NOT NULL, labels TEXT NOT NULL,"
    " first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL)",
    "CREATE UNIQUE INDEX assets_identity ON assets (kind, parent_id, name)",
    "CREATE INDEX assets_image ON assets (image_digest)",
    "CREATE INDEX assets_last_seen ON assets (last_seen, id)",
};

std::string Spell(const Dialect& dialect, const char* sql) {
  return absl::StrReplaceAll(sql, {{"TEXT", dialect.text_type}, {"{blob}", dialect.blob_type}});
}

absl::Status Lock(const Dialect& dialect, SqlConnection& c) {
  if (dialect.migration_lock.empty()) return absl::OkStatus();
  return c.Exec(dialect.migration_lock, {}).status();
}

absl::Status Apply(Database& db, const Migration& migration, TimeMs now) {
  return db.Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(Lock(db.dialect(), c));
    MOAT_ASSIGN_OR_RETURN(
        SqlResult done,
        c.Exec("SELECT version FROM schema_migrations WHERE version = $1", {migration.version}));
    if (!done.rows.empty()) return absl::OkStatus();  // another process was first
    for (const std::string& statement : migration.statements) {
      MOAT_RETURN_IF_ERROR(c.Exec(statement, {}).status());
    }
    return c
        .Exec(
            "INSERT INTO schema_migrations (version, description, applied_at)"
            " VALUES ($1, $2, $3)",
            {migration.version, migration.description, now})
        .status();
  });
}

}  // namespace

std::vector<Migration> Migrations(const Dialect& dialect) {
  Migration v1{.version = 1, .description = "initial schema", .statements = {}};
  for (const char* sql : kSchemaV1) v1.statements.push_back(Spell(dialect, sql));
  Migration v2{.version = 2, .description = "assets", .statements = {}};
  for (const char* sql : kSchemaV2) v2.statements.push_back(Spell(dialect, sql));
  return {v1, v2};
}

absl::Status Migrate(Database& db, TimeMs now) {
  absl::Status created = db.Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(Lock(db.dialect(), c));
    return c
        .Exec(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY,"
            " description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            {})
        .status();
  });
  MOAT_RETURN_IF_ERROR(Annotate(created, "creating schema_migrations"));
  for (const Migration& migration : Migrations(db.dialect())) {
    MOAT_RETURN_IF_ERROR(Annotate(
        Apply(db, migration, now),
        absl::StrCat("applying migration ", migration.version, " (", migration.description, ")")));
  }
  return absl::OkStatus();
}

}  // namespace moat::store
