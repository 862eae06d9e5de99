// SqlStore: the protected assets (clusters, nodes, hosts, containers).
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/sql_store.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr char kAssetColumns[] =
    "id, kind, name, parent_id, image_digest, labels, first_seen, last_seen";

AssetRecord AssetFromRow(const SqlRow& row) {
  return AssetRecord{.id = row.Text(0),
                     .kind = row.Text(1),
                     .name = row.Text(2),
                     .parent_id = row.Text(3),
                     .image_digest = row.Text(4),
                     .labels = row.Text(5),
                     .first_seen = row.Int(6),
                     .last_seen = row.Int(7)};
}

absl::Status CheckAsset(const AssetRecord& asset) {
  if (asset.kind != "cluster" && asset.kind != "node" && asset.kind != "host" &&
      asset.kind != "container") {
    return absl::InvalidArgumentError(absl::StrCat(
        "unknown asset kind \"", asset.kind, "\" (expected cluster, node, host or container)"));
  }
  if (asset.name.empty()) return absl::InvalidArgumentError("an asset needs a name");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<AssetRecord> SqlStore::UpsertAsset(const AssetRecord& asset) {
  std::string context = absl::StrCat("store: recording ", asset.kind, " \"", asset.name, "\"");
  MOAT_RETURN_IF_ERROR(Annotate(CheckAsset(asset), context));
  AssetRecord stored = asset;
  if (stored.id.empty()) stored.id = NewId();
  if (stored.labels.empty()) stored.labels = "{}";
  stored.last_seen = NowIfUnset(stored.last_seen);
  if (stored.first_seen == 0) stored.first_seen = stored.last_seen;
  absl::StatusOr<SqlResult> result = db_->Exec(
      absl::StrCat("INSERT INTO assets (", kAssetColumns, ") VALUES (", Placeholders(1, 8),
                   ") ON CONFLICT (kind, parent_id, name) DO UPDATE SET"
                   " image_digest = excluded.image_digest, labels = excluded.labels,"
                   " last_seen = excluded.last_seen RETURNING ",
                   kAssetColumns),
      {stored.id, stored.kind, stored.name, stored.parent_id, stored.image_digest, stored.labels,
       stored.first_seen, stored.last_seen});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->rows.empty()) return absl::InternalError(context + ": no row returned");
  return AssetFromRow(result->rows[0]);
}

absl::StatusOr<std::vector<AssetRecord>> SqlStore::ListAssets(const AssetQuery& query) {
  std::string context = "store: listing assets";
  MOAT_RETURN_IF_ERROR(Annotate(CheckPage(query.offset, query.limit), context));
  std::string where = " WHERE 1 = 1";
  SqlParams params;
  for (const auto& [column, value] :
       {std::pair{"kind", &query.kind}, std::pair{"parent_id", &query.parent_id},
        std::pair{"image_digest", &query.image_digest}}) {
    if (value->empty()) continue;
    params.push_back(*value);
    absl::StrAppend(&where, " AND ", column, " = $", params.size());
  }
  params.push_back(query.limit);
  params.push_back(query.offset);
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kAssetColumns, " FROM assets", where,
                             " ORDER BY last_seen DESC, id DESC LIMIT $", params.size() - 1,
                             " OFFSET $", params.size()),
                params);
  if (!result.ok()) return Annotate(result.status(), context);
  std::vector<AssetRecord> out;
  for (const SqlRow& row : result->rows) out.push_back(AssetFromRow(row));
  return out;
}

}  // namespace moat::store
