#include "scanjob/image_scan.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/version.h"
#include "detect/detection.h"
#include "detect/detector_set.h"
#include "image/image_reader.h"
#include "inventory/catalogers.h"
#include "inventory/scanner.h"
#include "vulndb/database.h"
#include "vulndb/match.h"

namespace moat::scanjob {
namespace {

std::string ScannerOf(absl::string_view detector) {
  if (detector == "dockerfile") return "config";
  return std::string(detector);
}

std::vector<std::string> ScannersOf(const detect::Detectors* detectors) {
  std::set<std::string> ran = {"vuln"};
  if (detectors != nullptr) {
    for (const auto& d : detectors->file) ran.insert(ScannerOf(d->name()));
    for (const auto& d : detectors->image) ran.insert(ScannerOf(d->name()));
  }
  std::vector<std::string> scanners;
  for (const std::string& name : detect::ScannerNames()) {
    if (ran.count(name) > 0) scanners.push_back(name);
  }
  return scanners;
}

}  // namespace

absl::StatusOr<report::ScanResult> ScanImageSource(image::ImageSource& source,
                                                   const detect::Detectors* detectors, int jobs) {
  static const detect::Detectors kNone;
  const detect::Detectors& used = detectors != nullptr ? *detectors : kNone;
  image::ReadOptions options;
  options.jobs = std::max(1, jobs);
  auto catalogers = inventory::AllCatalogers();
  detect::DetectionFactory detection(used.file, source.info().layers.size());
  auto inventory = inventory::BuildInventory(source, catalogers, options, &detection);
  if (!inventory.ok()) return Annotate(inventory.status(), source.info().reference);
  report::ScanResult result;
  result.image = source.info();
  result.inventory = std::move(inventory->inventory);
  result.findings = detect::FinishFindings(detection.TakeAll(), used.image,
                                           {result.image, inventory->files.get()});
  result.scanner_version = kMoatVersion;
  result.scanners = ScannersOf(detectors);
  return result;
}

bool DatabaseExists(const std::string& db_path) {
  std::error_code error;
  return !db_path.empty() && std::filesystem::is_regular_file(db_path, error);
}

absl::Status MatchResult(const std::string& db_path, report::ScanResult& result) {
  if (!DatabaseExists(db_path)) return absl::OkStatus();
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<vulndb::VulnDatabase> db,
                        vulndb::OpenVulnDatabase(db_path));
  MOAT_ASSIGN_OR_RETURN(std::vector<vulndb::Vulnerability> found,
                        vulndb::MatchInventory(result.inventory, *db));
  const vulndb::DatabaseMetadata& metadata = db->metadata();
  report::DatabaseInfo info;
  info.path = db_path;
  info.schema_version = metadata.schema_version;
  info.built_at = metadata.built_at;
  info.sources = metadata.sources;
  result.database = std::move(info);
  result.vulnerabilities = std::move(found);
  return absl::OkStatus();
}

}  // namespace moat::scanjob
