#include "scanjob/scan_job.h"

#include <algorithm>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/json.h"
#include "common/status.h"
#include "image/registry_source.h"
#include "report/json_writer.h"
#include "report/render.h"
#include "scanjob/harbor_job.h"
#include "scanjob/image_scan.h"
#include "scanjob/registry_connection.h"
#include "scanjob/risk.h"

namespace moat::scanjob {
namespace {

std::vector<std::string> MergeTags(const std::vector<std::string>& a,
                                   const std::vector<std::string>& b) {
  std::set<std::string> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  return {all.begin(), all.end()};
}

// The inventory alone as CycloneDX (what report::ReadSbom reads back for a re-match).
absl::StatusOr<std::string> InventoryJson(const report::ScanResult& result) {
  report::ScanResult inventory_only;
  inventory_only.image = result.image;
  inventory_only.inventory = result.inventory;
  inventory_only.scanner_version = result.scanner_version;
  inventory_only.scanned_at = result.scanned_at;
  return report::RenderReport(inventory_only, "cyclonedx");
}

// Pulls, scans and matches the image; nullopt when it turned out to be scanned already.
absl::StatusOr<std::optional<report::ScanResult>> PullAndScan(const ScanEnv& env,
                                                              const ScanPayload& payload,
                                                              const std::string& digest) {
  MOAT_ASSIGN_OR_RETURN(store::RegistryRecord registry,
                        env.store->GetRegistry(payload.registry_id));
  MOAT_ASSIGN_OR_RETURN(auto connection,
                        RegistryConnection::Open(env, registry, std::nullopt, true));
  image::RegistryOptions options = connection->ImageOptions(payload.repository, digest);
  MOAT_ASSIGN_OR_RETURN(auto source,
                        image::OpenRegistryImage(options, connection->http(), env.clock));
  // An index resolves to the platform's manifest, which may have been scanned under that digest.
  const std::string& resolved = source->info().digest;
  if (resolved != digest && !resolved.empty()) {
    MOAT_ASSIGN_OR_RETURN(bool tagged, TagScannedImage(env, payload, resolved));
    if (tagged) return std::nullopt;
  }
  MOAT_ASSIGN_OR_RETURN(report::ScanResult result,
                        ScanImageSource(*source, env.detectors, env.read_jobs));
  std::string name = absl::StrCat(connection->host(), "/", payload.repository);
  for (const std::string& tag : payload.tags) {
    result.image.repo_tags.push_back(absl::StrCat(name, ":", tag));
  }
  result.image.repo_tags = MergeTags(result.image.repo_tags, {});
  result.scanned_at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", env.clock->Now(), absl::UTCTimeZone());
  MOAT_RETURN_IF_ERROR(MatchResult(env.db_path, result));
  return result;
}

}  // namespace

absl::StatusOr<ScanPayload> ParseScanPayload(const std::string& json) {
  MOAT_ASSIGN_OR_RETURN(Json parsed, ParseJson(json, "scan job payload"));
  if (!parsed.is_object()) return absl::InvalidArgumentError("scan job payload: not an object");
  ScanPayload payload;
  payload.registry_id = JsonString(parsed, "registryId");
  payload.repository = JsonString(parsed, "repository");
  std::vector<std::string> tags = JsonStringArray(parsed, "tags");
  std::string tag = JsonString(parsed, "tag");
  if (!tag.empty()) tags.push_back(tag);
  payload.tags = MergeTags(tags, {});
  if (payload.registry_id.empty() || payload.repository.empty()) {
    return absl::InvalidArgumentError("scan job payload: registryId and repository are required");
  }
  return payload;
}

absl::StatusOr<bool> TagScannedImage(const ScanEnv& env, const ScanPayload& payload,
                                     absl::string_view digest) {
  return env.store->AddImageTags(digest, payload.tags);
}

absl::StatusOr<store::ScanRecord> ScanRecordFor(const report::ScanResult& result,
                                                const ScanPayload& payload,
                                                const std::string& digest, store::TimeMs now) {
  store::ScanRecord record;
  record.report_json = report::RenderJson(result, report::RenderOptions{});
  MOAT_ASSIGN_OR_RETURN(record.inventory_json, InventoryJson(result));
  MOAT_ASSIGN_OR_RETURN(Json report, ParseJson(record.report_json, "the rendered report"));
  store::ImageRecord& image = record.image;
  image.digest = result.image.digest.empty() ? digest : result.image.digest;
  image.image_id = result.image.image_id;
  image.type = "registry";
  image.registry_id = payload.registry_id;
  image.repository = payload.repository;
  image.tags = payload.tags;
  image.scanned_at = now;
  image.risk = RiskFromReport(report);
  record.created_at = now;
  return record;
}

absl::Status RunScanJob(const ScanEnv& env, const store::JobRecord& job,
                        const std::function<bool()>& still_owned) {
  std::string what = absl::StrCat("scanning ", job.digest);
  auto harbor = ParseHarborJobPayload(job.payload);  // queued by Harbor's scanner adapter
  if (!harbor.ok()) return Annotate(harbor.status(), what);
  if (harbor->has_value()) return RunHarborScanJob(env, job, **harbor, still_owned);
  auto payload = ParseScanPayload(job.payload);
  if (!payload.ok()) return Annotate(payload.status(), what);
  what = absl::StrCat("scanning ", payload->repository, "@", job.digest);
  auto tagged = TagScannedImage(env, *payload, job.digest);
  if (!tagged.ok()) return Annotate(tagged.status(), what);
  if (*tagged) return absl::OkStatus();
  auto result = PullAndScan(env, *payload, job.digest);
  if (!result.ok()) return Annotate(result.status(), what);
  if (!result->has_value()) return absl::OkStatus();
  auto record = ScanRecordFor(**result, *payload, job.digest, absl::ToUnixMillis(env.clock->Now()));
  if (!record.ok()) return Annotate(record.status(), what);
  if (still_owned && !still_owned()) return absl::OkStatus();
  if (auto stored = env.store->PutScan(*record); !stored.ok()) {
    return Annotate(stored.status(), what);
  }
  return absl::OkStatus();
}

}  // namespace moat::scanjob
