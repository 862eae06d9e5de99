// SqlStore: images, their scans and risk summaries, and the re-match set.
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/image_query.h"
#include "store/sql_store.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr char kImageColumns[] =
    "i.digest, i.image_id, i.type, i.registry_id, i.repository, i.scanned_at, i.scan_id";

ImageRecord ImageFromRow(const SqlRow& row) {
  return ImageRecord{.digest = row.Text(0),
                     .image_id = row.Text(1),
                     .type = row.Text(2),
                     .registry_id = row.Text(3),
                     .repository = row.Text(4),
                     .tags = {},
                     .scanned_at = row.Int(5),
                     .scan_id = row.Text(6),
                     .risk = {}};
}

SqlParam OptionalText(const std::optional<Pipeline>& pipeline, std::string Pipeline::*field) {
  if (!pipeline.has_value()) return SqlParam();
  return SqlParam((*pipeline).*field);
}

// Pipeline columns start at `first` in a scans row.
std::optional<Pipeline> PipelineFromRow(const SqlRow& row, size_t first) {
  if (row.IsNull(first)) return std::nullopt;
  return Pipeline{.provider = row.Text(first),
                  .repository = row.Text(first + 1),
                  .workflow = row.Text(first + 2),
                  .run = row.Text(first + 3),
                  .commit = row.Text(first + 4),
                  .branch = row.Text(first + 5),
                  .url = row.Text(first + 6)};
}

constexpr char kPipelineColumns[] =
    "pipeline_provider, pipeline_repository, pipeline_workflow, pipeline_run, pipeline_commit,"
    " pipeline_branch, pipeline_url";

}  // namespace

absl::Status SqlStore::InsertScan(SqlConnection& c, const ScanRecord& scan, const std::string& id,
                                  TimeMs created_at) {
  const ImageRecord& image = scan.image;
  const std::optional<Pipeline>& p = scan.pipeline;
  return c
      .Exec(absl::StrCat("INSERT INTO scans (id, digest, image_id, type, registry_id, repository,"
                         " tags_json, report_json, inventory_json, has_inventory, ",
                         kPipelineColumns, ", gate, gate_reason, created_at) VALUES (",
                         Placeholders(1, 20), ")"),
            {id,
             image.digest,
             image.image_id,
             image.type,
             image.registry_id,
             image.repository,
             EncodeStringList(image.tags),
             scan.report_json,
             scan.inventory_json,
             SqlParam::Bool(!scan.inventory_json.empty()),
             OptionalText(p, &Pipeline::provider),
             OptionalText(p, &Pipeline::repository),
             OptionalText(p, &Pipeline::workflow),
             OptionalText(p, &Pipeline::run),
             OptionalText(p, &Pipeline::commit),
             OptionalText(p, &Pipeline::branch),
             OptionalText(p, &Pipeline::url),
             scan.gate,
             scan.gate_reason,
             created_at})
      .status();
}

absl::Status SqlStore::UpsertImage(SqlConnection& c, const ImageRecord& image,
                                   const std::string& scan_id, TimeMs scanned_at) {
  // A later scan that lacks a name (an archive without a repository) keeps the known one.
  MOAT_RETURN_IF_ERROR(
      c.Exec("INSERT INTO images (digest, image_id, type, registry_id, repository, scanned_at,"
             " scan_id) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (digest) DO UPDATE SET"
             " image_id = CASE WHEN excluded.image_id = '' THEN images.image_id"
             " ELSE excluded.image_id END,"
             " type = CASE WHEN excluded.type = '' THEN images.type ELSE excluded.type END,"
             " registry_id = CASE WHEN excluded.registry_id = '' THEN images.registry_id"
             " ELSE excluded.registry_id END,"
             " repository = CASE WHEN excluded.repository = '' THEN images.repository"
             " ELSE excluded.repository END,"
             " scanned_at = excluded.scanned_at, scan_id = excluded.scan_id",
             {image.digest, image.image_id, image.type, image.registry_id, image.repository,
              scanned_at, scan_id})
          .status());
  MOAT_RETURN_IF_ERROR(InsertTags(c, image, image.tags));
  return ReplaceRisk(c, image.digest, image.risk);
}

absl::Status SqlStore::InsertTags(SqlConnection& c, const ImageRecord& image,
                                  const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) {
    // A tag names one image of its repository: a tag that moved leaves the image it named before.
    if (!image.repository.empty()) {
      MOAT_RETURN_IF_ERROR(
          c.Exec("DELETE FROM image_tags WHERE tag = $1 AND digest <> $2 AND digest IN"
                 " (SELECT digest FROM images WHERE repository = $3 AND registry_id = $4)",
                 {tag, image.digest, image.repository, image.registry_id})
              .status());
    }
    MOAT_RETURN_IF_ERROR(c.Exec("INSERT INTO image_tags (digest, tag) VALUES ($1, $2)"
                                " ON CONFLICT DO NOTHING",
                                {image.digest, tag})
                             .status());
  }
  return absl::OkStatus();
}

absl::Status SqlStore::ReplaceRisk(SqlConnection& c, absl::string_view digest,
                                   const std::vector<RiskCount>& risk) {
  MOAT_RETURN_IF_ERROR(c.Exec("DELETE FROM image_risk WHERE digest = $1", {digest}).status());
  for (const RiskCount& r : risk) {
    // Duplicate (category, severity) pairs add up rather than fail the whole write.
    MOAT_RETURN_IF_ERROR(
        c.Exec("INSERT INTO image_risk (digest, category, severity, count, fixable)"
               " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (digest, category, severity) DO UPDATE"
               " SET count = image_risk.count + excluded.count,"
               " fixable = image_risk.fixable + excluded.fixable",
               {digest, r.category, r.severity, r.count, r.fixable})
            .status());
  }
  return c
      .Exec(
          "UPDATE images SET"
          " critical = (SELECT COALESCE(SUM(count), 0) FROM image_risk"
          " WHERE digest = $1 AND severity = 'critical'),"
          " high = (SELECT COALESCE(SUM(count), 0) FROM image_risk"
          " WHERE digest = $1 AND severity = 'high') WHERE digest = $1",
          {digest})
      .status();
}

absl::StatusOr<std::string> SqlStore::PutScan(const ScanRecord& scan) {
  std::string context = absl::StrCat("store: storing scan of ", scan.image.digest);
  if (scan.image.digest.empty()) {
    return absl::InvalidArgumentError("store: storing scan: the image has no digest");
  }
  std::string id = scan.id.empty() ? NewId() : scan.id;
  TimeMs created_at = NowIfUnset(scan.created_at);
  TimeMs scanned_at = scan.image.scanned_at != 0 ? scan.image.scanned_at : created_at;
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_RETURN_IF_ERROR(InsertScan(c, scan, id, created_at));
    return UpsertImage(c, scan.image, id, scanned_at);
  });
  if (absl::IsAlreadyExists(status)) {
    return absl::AlreadyExistsError(absl::StrCat(context, ": a scan with id ", id, " exists"));
  }
  MOAT_RETURN_IF_ERROR(Annotate(status, context));
  return id;
}

absl::Status SqlStore::LoadTagsAndRisk(SqlConnection& c, std::vector<ImageRecord>& images) {
  if (images.empty()) return absl::OkStatus();
  SqlParams digests;
  std::map<std::string, ImageRecord*> by_digest;
  for (ImageRecord& image : images) {
    digests.push_back(image.digest);
    by_digest[image.digest] = &image;
  }
  auto image_of = [&](const SqlRow& row) -> ImageRecord* {
    auto it = by_digest.find(row.Text(0));
    return it != by_digest.end() ? it->second : nullptr;
  };
  std::string in = Placeholders(1, digests.size());
  MOAT_ASSIGN_OR_RETURN(SqlResult tags,
                        c.Exec(absl::StrCat("SELECT digest, tag FROM image_tags WHERE digest IN (",
                                            in, ") ORDER BY digest, tag"),
                               digests));
  for (const SqlRow& row : tags.rows) {
    if (ImageRecord* image = image_of(row)) image->tags.push_back(row.Text(1));
  }
  MOAT_ASSIGN_OR_RETURN(
      SqlResult risk,
      c.Exec(absl::StrCat("SELECT digest, category, severity, count, fixable FROM image_risk"
                          " WHERE digest IN (",
                          in, ") ORDER BY digest, category, severity"),
             digests));
  for (const SqlRow& row : risk.rows) {
    if (ImageRecord* image = image_of(row)) {
      image->risk.push_back(RiskCount{.category = row.Text(1),
                                      .severity = row.Text(2),
                                      .count = row.Int(3),
                                      .fixable = row.Int(4)});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ImageRecord>> SqlStore::ReadImage(SqlConnection& c,
                                                               absl::string_view digest) {
  MOAT_ASSIGN_OR_RETURN(SqlResult result, c.Exec(absl::StrCat("SELECT ", kImageColumns,
                                                              " FROM images i WHERE i.digest = $1"),
                                                 {digest}));
  if (result.rows.empty()) return std::nullopt;
  std::vector<ImageRecord> images = {ImageFromRow(result.rows[0])};
  MOAT_RETURN_IF_ERROR(LoadTagsAndRisk(c, images));
  return std::move(images[0]);
}

absl::StatusOr<std::optional<ImageRecord>> SqlStore::GetImage(absl::string_view digest) {
  std::optional<ImageRecord> image;
  absl::Status status = db_->Transact(TxMode::kRead, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(image, ReadImage(c, digest));
    return absl::OkStatus();
  });
  MOAT_RETURN_IF_ERROR(Annotate(status, absl::StrCat("store: reading image ", digest)));
  return image;
}

absl::StatusOr<ImagePage> SqlStore::ListImages(const ImageQuery& query) {
  absl::StatusOr<ImageQuerySql> sql = BuildImageQuery(query);
  if (!sql.ok()) return Annotate(sql.status(), "store: listing images");
  ImagePage page;
  absl::Status status = db_->Transact(TxMode::kRead, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(SqlResult count,
                          c.Exec("SELECT COUNT(*) FROM images i" + sql->where, sql->params));
    page.total = count.rows.empty() ? 0 : count.rows[0].Int(0);
    SqlParams params = sql->params;
    size_t limit_at = params.size() + 1;
    params.push_back(query.limit);
    params.push_back(query.offset);
    MOAT_ASSIGN_OR_RETURN(
        SqlResult rows,
        c.Exec(absl::StrCat("SELECT ", kImageColumns, " FROM images i", sql->where, sql->order,
                            " LIMIT $", limit_at, " OFFSET $", limit_at + 1),
               params));
    for (const SqlRow& row : rows.rows) page.images.push_back(ImageFromRow(row));
    return LoadTagsAndRisk(c, page.images);
  });
  MOAT_RETURN_IF_ERROR(Annotate(status, "store: listing images"));
  return page;
}

absl::StatusOr<std::optional<ScanRecord>> SqlStore::GetLatestScan(absl::string_view digest) {
  std::optional<ScanRecord> scan;
  absl::Status status = db_->Transact(TxMode::kRead, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(std::optional<ImageRecord> image, ReadImage(c, digest));
    if (!image.has_value()) return absl::OkStatus();
    MOAT_ASSIGN_OR_RETURN(
        SqlResult result,
        c.Exec(absl::StrCat("SELECT id, report_json, inventory_json, gate, gate_reason,"
                            " created_at, ",
                            kPipelineColumns, " FROM scans WHERE id = $1"),
               {image->scan_id}));
    if (result.rows.empty()) return absl::OkStatus();
    const SqlRow& row = result.rows[0];
    scan = ScanRecord{.id = row.Text(0),
                      .image = std::move(*image),
                      .report_json = row.Text(1),
                      .inventory_json = row.Text(2),
                      .pipeline = PipelineFromRow(row, 6),
                      .gate = row.Text(3),
                      .gate_reason = row.Text(4),
                      .created_at = row.Int(5)};
    return absl::OkStatus();
  });
  MOAT_RETURN_IF_ERROR(Annotate(status, absl::StrCat("store: reading latest scan of ", digest)));
  return scan;
}

absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> SqlStore::CountImagesByRisk() {
  static constexpr const char* kLevels[] = {"critical",   "high",    "medium", "low",
                                            "negligible", "unknown", "none"};
  // The worst severity of each image as an index into kLevels (6: nothing found).
  absl::StatusOr<SqlResult> result = db_->Exec(
      "SELECT worst, COUNT(*) FROM (SELECT COALESCE((SELECT MIN(CASE r.severity"
      " WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3"
      " WHEN 'negligible' THEN 4 ELSE 5 END) FROM image_risk r"
      " WHERE r.digest = i.digest AND r.count > 0), 6) AS worst FROM images i) levels"
      " GROUP BY worst");
  if (!result.ok()) return Annotate(result.status(), "store: counting images by risk");
  std::vector<std::pair<std::string, int64_t>> counts;
  for (const char* level : kLevels) counts.emplace_back(level, 0);
  for (const SqlRow& row : result->rows) {
    int64_t level = row.Int(0);
    if (level >= 0 && level < static_cast<int64_t>(counts.size()))
      counts[level].second = row.Int(1);
  }
  return counts;
}

absl::StatusOr<std::vector<PipelineScan>> SqlStore::ListPipelineScans(int64_t offset,
                                                                      int64_t limit) {
  std::string context = "store: listing pipeline scans";
  MOAT_RETURN_IF_ERROR(Annotate(CheckPage(offset, limit), context));
  absl::StatusOr<SqlResult> result = db_->Exec(
      absl::StrCat("SELECT id, digest, repository, tags_json, gate, gate_reason, created_at, ",
                   kPipelineColumns,
                   " FROM scans WHERE pipeline_provider IS NOT NULL"
                   " ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"),
      {limit, offset});
  if (!result.ok()) return Annotate(result.status(), context);
  std::vector<PipelineScan> out;
  for (const SqlRow& row : result->rows) {
    out.push_back(PipelineScan{.scan_id = row.Text(0),
                               .digest = row.Text(1),
                               .repository = row.Text(2),
                               .tags = DecodeStringList(row.Text(3)),
                               .pipeline = PipelineFromRow(row, 7).value_or(Pipeline{}),
                               .gate = row.Text(4),
                               .gate_reason = row.Text(5),
                               .created_at = row.Int(6)});
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> SqlStore::ListRematchable() {
  absl::StatusOr<SqlResult> result = db_->Exec(
      "SELECT i.digest FROM images i JOIN scans s ON s.id = i.scan_id"
      " WHERE s.has_inventory = 1 ORDER BY i.digest");
  if (!result.ok()) return Annotate(result.status(), "store: listing re-matchable images");
  std::vector<std::string> out;
  for (const SqlRow& row : result->rows) out.push_back(row.Text(0));
  return out;
}

absl::StatusOr<bool> SqlStore::AddImageTags(absl::string_view digest,
                                            const std::vector<std::string>& tags) {
  bool found = false;
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    // The stored repository and registry decide which other image a tag moves away from.
    MOAT_ASSIGN_OR_RETURN(
        SqlResult result,
        c.Exec("SELECT repository, registry_id FROM images WHERE digest = $1", {digest}));
    found = !result.rows.empty();
    if (!found) return absl::OkStatus();
    ImageRecord image;
    image.digest = std::string(digest);
    image.repository = result.rows[0].Text(0);
    image.registry_id = result.rows[0].Text(1);
    return InsertTags(c, image, tags);
  });
  MOAT_RETURN_IF_ERROR(Annotate(status, absl::StrCat("store: tagging image ", digest)));
  return found;
}

absl::Status SqlStore::UpdateLatestReport(absl::string_view digest, const std::string& report_json,
                                          const std::vector<RiskCount>& risk) {
  std::string context = absl::StrCat("store: updating the report of ", digest);
  return db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(SqlResult image,
                          c.Exec("SELECT scan_id FROM images WHERE digest = $1", {digest}));
    if (image.rows.empty()) return absl::NotFoundError(context + ": no such image");
    MOAT_RETURN_IF_ERROR(Annotate(c.Exec("UPDATE scans SET report_json = $1 WHERE id = $2",
                                         {report_json, image.rows[0].Text(0)})
                                      .status(),
                                  context));
    return Annotate(ReplaceRisk(c, digest, risk), context);
  });
}

}  // namespace moat::store
