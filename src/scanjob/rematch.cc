#include "scanjob/rematch.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"
#include "nlohmann/json.hpp"
#include "report/json_writer.h"
#include "report/sbom_reader.h"
#include "scanjob/image_scan.h"
#include "scanjob/risk.h"
#include "vulndb/database.h"
#include "vulndb/match.h"

namespace moat::scanjob {
namespace {

using OrderedJson = nlohmann::ordered_json;

absl::StatusOr<OrderedJson> ParseOrdered(const std::string& text, absl::string_view what) {
  OrderedJson parsed = OrderedJson::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not a JSON object"));
  }
  return parsed;
}

report::DatabaseInfo DatabaseInfoOf(const std::string& path, const vulndb::VulnDatabase& db) {
  report::DatabaseInfo info;
  info.path = path;
  info.schema_version = db.metadata().schema_version;
  info.built_at = db.metadata().built_at;
  info.sources = db.metadata().sources;
  return info;
}

// Re-matches one image; false when its stored scan cannot be read back (skipped).
absl::StatusOr<bool> RematchImage(const ScanEnv& env, const vulndb::VulnDatabase& db,
                                  const std::string& digest) {
  MOAT_ASSIGN_OR_RETURN(std::optional<store::ScanRecord> scan, env.store->GetLatestScan(digest));
  if (!scan.has_value() || scan->inventory_json.empty()) return false;
  auto sbom = report::ReadSbom(scan->inventory_json, absl::StrCat("inventory of ", digest));
  if (!sbom.ok()) return false;
  report::ScanResult matched;
  matched.inventory = std::move(sbom->inventory);
  MOAT_ASSIGN_OR_RETURN(matched.vulnerabilities, vulndb::MatchInventory(matched.inventory, db));
  matched.database = DatabaseInfoOf(env.db_path, db);
  std::string rendered = report::RenderJson(matched, report::RenderOptions{false});
  auto spliced = SpliceVulnerabilities(scan->report_json, rendered);
  if (!spliced.ok()) return false;
  MOAT_ASSIGN_OR_RETURN(Json report, ParseJson(*spliced, "the re-matched report"));
  MOAT_RETURN_IF_ERROR(env.store->UpdateLatestReport(digest, *spliced, RiskFromReport(report)));
  return true;
}

}  // namespace

absl::StatusOr<std::string> SpliceVulnerabilities(const std::string& report_json,
                                                  const std::string& rendered) {
  MOAT_ASSIGN_OR_RETURN(OrderedJson report, ParseOrdered(report_json, "stored report"));
  MOAT_ASSIGN_OR_RETURN(OrderedJson fresh, ParseOrdered(rendered, "re-matched report"));
  report["vulnerabilities"] = fresh["vulnerabilities"];
  report["database"] = fresh["database"];
  OrderedJson& summary = report["summary"];
  if (!summary.is_object()) summary = OrderedJson::object();
  summary["vulnerabilities"] = fresh["summary"]["vulnerabilities"];
  OrderedJson& scanners = report["scanners"];
  if (!scanners.is_array()) scanners = OrderedJson::array();
  bool has_vuln = false;
  for (const OrderedJson& s : scanners) has_vuln = has_vuln || (s.is_string() && s == "vuln");
  if (!has_vuln) scanners.insert(scanners.begin(), "vuln");
  return report.dump(2, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

absl::StatusOr<int> RematchAll(const ScanEnv& env) {
  if (!DatabaseExists(env.db_path)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "re-matching stored images: no vulnerability database at \"", env.db_path, "\""));
  }
  auto db = vulndb::OpenVulnDatabase(env.db_path);
  if (!db.ok()) return Annotate(db.status(), "re-matching stored images");
  MOAT_ASSIGN_OR_RETURN(std::vector<std::string> digests, env.store->ListRematchable());
  int rematched = 0;
  for (const std::string& digest : digests) {
    auto done = RematchImage(env, **db, digest);
    if (!done.ok()) return Annotate(done.status(), absl::StrCat("re-matching ", digest));
    if (*done) ++rematched;
  }
  return rematched;
}

}  // namespace moat::scanjob
