// The images list's SQL: filters as EXISTS subqueries, search as LIKE prefixes, a sort whitelist.
#include "store/image_query.h"

#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr absl::string_view kDigestPrefix = "sha256:";

// The ORDER BY column of each sort key. Text compares by bytes on both databases (Dialect).
struct SortKey {
  absl::string_view name;
  absl::string_view column;
};
constexpr SortKey kSortKeys[] = {
    {"scanned_at", "i.scanned_at"},
    {"repository", "i.repository"},
    {"digest", "i.digest"},
    {"critical", "i.critical"},
    {"high", "i.high"},
};

class Builder {
 public:
  // Adds a parameter and returns its placeholder.
  std::string Bind(SqlParam value) {
    params_.push_back(std::move(value));
    return absl::StrCat("$", params_.size());
  }
  void Where(std::string condition) { conditions_.push_back(std::move(condition)); }
  ImageQuerySql Finish(std::string order) {
    ImageQuerySql out;
    if (!conditions_.empty()) out.where = " WHERE " + absl::StrJoin(conditions_, " AND ");
    out.order = std::move(order);
    out.params = std::move(params_);
    return out;
  }

 private:
  std::vector<std::string> conditions_;
  SqlParams params_;
};

void AddRiskFilters(const ImageQuery& query, Builder& b) {
  // The image row keeps its critical and high counts (for sorting): those filters need no
  // subquery, which keeps them fast on a database whose statistics are stale.
  if (query.category.empty() && (query.severity == "critical" || query.severity == "high")) {
    b.Where(absl::StrCat("i.", query.severity, " > 0"));
  } else if (!query.severity.empty() || !query.category.empty()) {
    // Severity and category together mean one finding of both ("critical vulnerabilities").
    std::string condition =
        "EXISTS (SELECT 1 FROM image_risk r WHERE r.digest = i.digest AND r.count > 0";
    if (!query.severity.empty()) {
      absl::StrAppend(&condition, " AND r.severity = ", b.Bind(query.severity));
    }
    if (!query.category.empty()) {
      absl::StrAppend(&condition, " AND r.category = ", b.Bind(query.category));
    }
    b.Where(condition + ")");
  }
  if (query.has_fix) {
    b.Where(
        "EXISTS (SELECT 1 FROM image_risk r WHERE r.digest = i.digest"
        " AND r.category = 'vulnerability' AND r.fixable > 0)");
  }
}

// A prefix of the digest, the image ID or a tag, or a part of the repository ("team/api" finds
// "registry.example/team/api"). Each prefix alternative is its own indexed range scan (one OR
// over them would scan every image); the repository part scans the images table once.
void AddSearch(const std::string& search, Builder& b) {
  if (search.empty()) return;
  std::vector<std::string> prefixes = {b.Bind(EscapeLike(search) + "%")};
  if (!absl::StartsWith(search, kDigestPrefix)) {
    prefixes.push_back(b.Bind(absl::StrCat(kDigestPrefix, EscapeLike(search), "%")));
  }
  std::vector<std::string> any;
  for (const std::string& p : prefixes) {
    any.push_back("SELECT digest FROM images WHERE digest LIKE " + p + " ESCAPE '\\'");
    any.push_back("SELECT digest FROM images WHERE image_id LIKE " + p + " ESCAPE '\\'");
  }
  any.push_back("SELECT digest FROM image_tags WHERE tag LIKE " + prefixes[0] + " ESCAPE '\\'");
  any.push_back("SELECT digest FROM images WHERE repository LIKE " +
                b.Bind(absl::StrCat("%", EscapeLike(search), "%")) + " ESCAPE '\\'");
  b.Where("i.digest IN (" + absl::StrJoin(any, " UNION ALL ") + ")");
}

}  // namespace

absl::StatusOr<ImageQuerySql> BuildImageQuery(const ImageQuery& query) {
  MOAT_RETURN_IF_ERROR(CheckPage(query.offset, query.limit));
  const SortKey* sort = nullptr;
  for (const SortKey& key : kSortKeys) {
    if (key.name == query.sort) sort = &key;
  }
  if (sort == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown sort \"", query.sort,
                     "\" (expected scanned_at, repository, digest, critical or high)"));
  }
  Builder b;
  if (!query.type.empty()) b.Where("i.type = " + b.Bind(query.type));
  if (!query.registry_id.empty()) b.Where("i.registry_id = " + b.Bind(query.registry_id));
  AddRiskFilters(query, b);
  AddSearch(query.search, b);
  absl::string_view direction = query.descending ? " DESC" : " ASC";
  // The digest breaks ties so that pages never overlap.
  return b.Finish(absl::StrCat(" ORDER BY ", sort->column, direction, ", i.digest", direction));
}

}  // namespace moat::store
