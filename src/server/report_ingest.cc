// Report → image row. The report is untrusted input (uploaded by a CI job): every field is read
// with the non-throwing accessors and checked for type.
#include "server/report_ingest.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "scanjob/risk.h"

namespace moat::server {
void SplitRepoTag(absl::string_view name, std::string* repository, std::string* tag) {
  tag->clear();
  size_t at = name.find('@');
  if (at != absl::string_view::npos) {
    *repository = std::string(name.substr(0, at));
    return;
  }
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  if (colon != absl::string_view::npos && (slash == absl::string_view::npos || colon > slash)) {
    *repository = std::string(name.substr(0, colon));
    *tag = std::string(name.substr(colon + 1));
    return;
  }
  *repository = std::string(name);
}

absl::StatusOr<store::ImageRecord> ImageFromReport(const Json& report, absl::string_view type) {
  if (!report.is_object()) return absl::InvalidArgumentError("report: not a JSON object");
  if (JsonInt(report, "schemaVersion") != 1) {
    return absl::InvalidArgumentError("report: schemaVersion must be 1 (a Moat JSON report)");
  }
  const Json* image = JsonField(report, "image");
  if (image == nullptr || !image->is_object()) {
    return absl::InvalidArgumentError("report: \"image\" must be an object");
  }
  store::ImageRecord record;
  record.type = std::string(type);
  record.image_id = JsonString(*image, "imageId");
  record.digest = JsonString(*image, "digest");
  if (record.digest.empty()) record.digest = record.image_id;
  if (!IsValidSha256Digest(record.digest)) {
    return absl::InvalidArgumentError(
        "report: image.digest or image.imageId must be a sha256 digest (sha256:<64 hex>)");
  }
  if (!record.image_id.empty() && !IsValidSha256Digest(record.image_id)) {
    return absl::InvalidArgumentError("report: image.imageId is not a sha256 digest");
  }
  std::set<std::string> tags;
  for (const std::string& name : JsonStringArray(*image, "repoTags")) {
    std::string repository, tag;
    SplitRepoTag(name, &repository, &tag);
    if (record.repository.empty()) record.repository = repository;
    if (!tag.empty() && repository == record.repository) tags.insert(tag);
  }
  if (record.repository.empty()) {
    std::string tag;
    SplitRepoTag(JsonString(*image, "reference"), &record.repository, &tag);
    if (!tag.empty()) tags.insert(tag);
  }
  record.tags.assign(tags.begin(), tags.end());
  record.risk = scanjob::RiskFromReport(report);
  return record;
}

}  // namespace moat::server
