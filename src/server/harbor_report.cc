#include "server/harbor_report.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/severity.h"
#include "common/status.h"
#include "report/render.h"
#include "report/sbom_reader.h"

namespace moat::server {
namespace {

// Harbor's name of each Moat severity rank (common/severity.h).
constexpr std::array<absl::string_view, kSeverityNames.size()> kHarborSeverities = {
    "Critical", "High", "Medium", "Low", "Negligible", "Unknown"};

int MoatRank(absl::string_view moat_severity) {
  return SeverityRank(absl::AsciiStrToLower(moat_severity));
}

Json ArtifactJson(const HarborArtifact& artifact) {
  Json json = Json::object();
  json["repository"] = artifact.repository;
  json["digest"] = artifact.digest;
  if (!artifact.tag.empty()) json["tag"] = artifact.tag;
  json["mime_type"] = artifact.mime_type.empty() ? kOciManifestMime : artifact.mime_type;
  return json;
}

Json ScannerJson(const HarborReportHeader& header) {
  return Json{{"name", "Moat"}, {"vendor", "Moat"}, {"version", header.scanner_version}};
}

// preferred_cvss from Moat's one vector and score; null when there is no vector Harbor knows.
Json CvssJson(const Json& vulnerability) {
  std::string vector = JsonString(vulnerability, "cvssVector");
  const Json* score = JsonField(vulnerability, "cvssScore");
  if (vector.empty() || absl::StartsWith(vector, "CVSS:4")) return nullptr;
  bool v3 = absl::StartsWith(vector, "CVSS:3");
  Json cvss = Json::object();
  cvss[v3 ? "vector_v3" : "vector_v2"] = vector;
  if (score != nullptr && score->is_number()) cvss[v3 ? "score_v3" : "score_v2"] = *score;
  return cvss;
}

// Moat's facts Harbor has no field for.
Json VendorAttributes(const Json& vulnerability) {
  Json attributes = Json::object();
  for (const char* key : {"ecosystem", "purl", "state", "fix", "severitySource", "foundIn",
                          "layerDiffId", "cvssVector"}) {
    std::string value = JsonString(vulnerability, key);
    if (!value.empty()) attributes[key] = value;
  }
  std::vector<std::string> aliases = JsonStringArray(vulnerability, "aliases");
  if (!aliases.empty()) attributes["aliases"] = aliases;
  return attributes;
}

Json VulnerabilityItem(const Json& vulnerability) {
  Json item = Json::object();
  item["id"] = JsonString(vulnerability, "id");
  item["package"] = JsonString(vulnerability, "package");
  item["version"] = JsonString(vulnerability, "installedVersion");
  std::vector<std::string> fixed = JsonStringArray(vulnerability, "fixedVersions");
  item["fix_version"] = fixed.empty() ? "" : fixed.front();
  item["severity"] = HarborSeverity(JsonString(vulnerability, "severity"));
  item["description"] = JsonString(vulnerability, "title");
  item["links"] = JsonStringArray(vulnerability, "references");
  if (Json cvss = CvssJson(vulnerability); !cvss.is_null()) item["preferred_cvss"] = cvss;
  item["vendor_attributes"] = VendorAttributes(vulnerability);
  return item;
}

// The stored inventory written as SPDX: its packages under the image's identity.
absl::StatusOr<Json> SpdxOf(const store::ScanRecord& scan, const HarborReportHeader& header) {
  MOAT_ASSIGN_OR_RETURN(report::SbomInventory sbom,
                        report::ReadSbom(scan.inventory_json, "the stored inventory"));
  report::ScanResult result;
  result.inventory = std::move(sbom.inventory);
  result.image.digest = scan.image.digest;
  result.image.image_id = scan.image.image_id;
  result.image.reference = absl::StrCat(header.artifact.repository, "@", header.artifact.digest);
  result.image.source_type = "registry";
  for (const std::string& tag : scan.image.tags) {
    result.image.repo_tags.push_back(absl::StrCat(scan.image.repository, ":", tag));
  }
  result.scanner_version = header.scanner_version;
  result.scanned_at = header.generated_at;
  MOAT_ASSIGN_OR_RETURN(std::string text, report::RenderReport(result, "spdx"));
  return ParseJson(text, "the SPDX document");
}

}  // namespace

std::string HarborSeverity(absl::string_view moat_severity) {
  return std::string(kHarborSeverities[MoatRank(moat_severity)]);
}

absl::StatusOr<Json> HarborVulnerabilityReport(absl::string_view report_json,
                                               const HarborReportHeader& header) {
  MOAT_ASSIGN_OR_RETURN(Json report, ParseJson(report_json, "the stored report"));
  if (!report.is_object()) return absl::InvalidArgumentError("the stored report: not an object");
  Json items = Json::array();
  int worst = kUnknownRank;
  const Json* vulnerabilities = JsonField(report, "vulnerabilities");
  if (vulnerabilities != nullptr && vulnerabilities->is_array()) {
    for (const Json& vulnerability : *vulnerabilities) {
      if (!vulnerability.is_object()) continue;
      worst = std::min(worst, MoatRank(JsonString(vulnerability, "severity")));
      items.push_back(VulnerabilityItem(vulnerability));
    }
  }
  Json out = Json::object();
  out["generated_at"] = header.generated_at;
  out["artifact"] = ArtifactJson(header.artifact);
  out["scanner"] = ScannerJson(header);
  out["severity"] = std::string(kHarborSeverities[worst]);
  out["vulnerabilities"] = std::move(items);
  return out;
}

absl::StatusOr<Json> HarborSbomReport(const store::ScanRecord& scan, absl::string_view media_type,
                                      const HarborReportHeader& header) {
  if (media_type != kSpdxMime && media_type != kCycloneDxMime) {
    return absl::InvalidArgumentError(absl::StrCat("sbom_media_type \"", media_type, "\": want ",
                                                   kSpdxMime, " or ", kCycloneDxMime));
  }
  if (scan.inventory_json.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the scan of ", scan.image.digest, " holds no inventory"));
  }
  Json sbom;
  if (media_type == kCycloneDxMime) {
    MOAT_ASSIGN_OR_RETURN(sbom, ParseJson(scan.inventory_json, "the stored inventory"));
  } else {
    MOAT_ASSIGN_OR_RETURN(sbom, SpdxOf(scan, header));
  }
  Json out = Json::object();
  out["generated_at"] = header.generated_at;
  out["artifact"] = ArtifactJson(header.artifact);
  out["scanner"] = ScannerJson(header);
  out["vendor_attributes"] = Json::object();
  out["media_type"] = std::string(media_type);
  out["sbom"] = std::move(sbom);
  return out;
}

}  // namespace moat::server
