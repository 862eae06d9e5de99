#include "report/sarif_result.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/sha256.h"
#include "report/sarif_rule.h"

namespace moat::report {
namespace {

// Pseudo paths of results that are not about one file in the image.
constexpr char kConfigUri[] = "image-config";
constexpr char kHistoryUri[] = "image-history";
constexpr char kInventoryUri[] = "image-inventory";
// Longest evidence excerpt shown as the region's snippet (excerpts are masked already).
constexpr size_t kMaxSnippet = 500;

bool IsUriSafe(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._~!$&'()*+,;=/@").find(c) != absl::string_view::npos;
}

// The image, layer, diff ID and deleting layer of a location.
OrderedJson Location(const std::string& uri, int line, const std::string& snippet,
                     const std::string& image_name, int layer, const std::string& diff_id,
                     int deleted_in_layer) {
  OrderedJson region = {{"startLine", line > 0 ? line : 1}};
  if (!snippet.empty()) region["snippet"] = {{"text", snippet.substr(0, kMaxSnippet)}};
  OrderedJson properties = {{"image", image_name}};
  if (layer >= 0) properties["layer"] = layer;
  if (!diff_id.empty()) properties["layerDiffId"] = diff_id;
  if (deleted_in_layer >= 0) properties["deletedInLayer"] = deleted_in_layer;
  return {{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}, {"region", region}}},
          {"logicalLocations", {{{"name", image_name}, {"kind", "image"}}}},
          {"properties", std::move(properties)}};
}

OrderedJson VulnerabilityProperties(const vulndb::Vulnerability& v) {
  OrderedJson properties = {{"severity", v.severity.empty() ? "unknown" : v.severity},
                            {"ecosystem", v.ecosystem},
                            {"package", v.package},
                            {"installedVersion", v.installed_version},
                            {"fixedVersions", v.fixed_versions},
                            {"state", std::string(vulndb::FixStateName(v.state))}};
  if (!v.purl.empty()) properties["purl"] = v.purl;
  if (!v.found_in_archive.empty()) properties["foundInArchive"] = v.found_in_archive;
  if (!v.source_package.empty()) properties["sourcePackage"] = v.source_package;
  if (!v.aliases.empty()) properties["aliases"] = v.aliases;
  return properties;
}

}  // namespace

std::string SarifArtifactUri(absl::string_view path, absl::string_view fallback) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  if (path.empty()) return std::string(fallback);
  std::string out;
  out.reserve(path.size());
  for (char c : path) {
    if (IsUriSafe(c)) {
      out.push_back(c);
    } else {
      absl::StrAppend(&out, absl::StrFormat("%%%02X", static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string VulnerabilityFingerprint(const vulndb::Vulnerability& v) {
  const std::string sep(1, '\0');
  return Sha256Hex(absl::StrCat(v.id, sep, v.ecosystem, sep, v.package, sep, v.installed_version,
                                sep, v.found_in, sep, v.found_in_archive))
      .substr(0, 32);
}

std::string VulnerabilityMessage(const vulndb::Vulnerability& v) {
  return absl::StrCat(v.package, " ", v.installed_version, ": ", v.id, " (",
                      v.severity.empty() ? "unknown" : v.severity, "), ", SarifFixText(v));
}

std::string FindingMessage(const detect::Finding& f) {
  std::string out = absl::StrCat(f.title.empty() ? f.rule_id : f.title, " (",
                                 f.severity.empty() ? "unknown" : f.severity, ")");
  if (!f.fix.empty()) absl::StrAppend(&out, ": ", f.fix);
  const detect::Evidence& e = f.evidence;
  if (e.layer >= 0 && e.deleted_in_layer >= 0) {
    absl::StrAppend(&out, " (added in layer ", e.layer, " and deleted in layer ",
                    e.deleted_in_layer, ", still readable in layer ", e.layer, ")");
  }
  return out;
}

OrderedJson VulnerabilityResult(const vulndb::Vulnerability& v, int rule_index,
                                const std::string& image_name) {
  std::string uri = SarifArtifactUri(v.found_in, kInventoryUri);
  return {
      {"ruleId", v.id},
      {"ruleIndex", rule_index},
      {"level", SarifLevel(v.severity)},
      {"message", {{"text", VulnerabilityMessage(v)}}},
      {"locations", {Location(uri, 1, "", image_name, v.layer, v.layer_diff_id, -1)}},
      {"partialFingerprints", {{kSarifVulnerabilityFingerprintKey, VulnerabilityFingerprint(v)}}},
      {"properties", VulnerabilityProperties(v)}};
}

OrderedJson FindingResult(const detect::Finding& f, int rule_index, const std::string& image_name) {
  const detect::Evidence& e = f.evidence;
  std::string fallback = f.category == detect::Category::kHistory ? kHistoryUri : kConfigUri;
  std::string uri = SarifArtifactUri(e.path, fallback);
  std::string id = f.id.empty() ? detect::FindingFingerprint(f) : f.id;
  OrderedJson properties = {{"severity", f.severity.empty() ? "unknown" : f.severity},
                            {"category", std::string(detect::CategoryName(f.category))}};
  if (!e.sha256.empty()) properties["sha256"] = e.sha256;
  return {{"ruleId", f.rule_id},
          {"ruleIndex", rule_index},
          {"level", SarifLevel(f.severity)},
          {"message", {{"text", FindingMessage(f)}}},
          {"locations",
           {Location(uri, e.line, e.excerpt, image_name, e.layer, e.layer_diff_id,
                     e.deleted_in_layer)}},
          {"partialFingerprints", {{kSarifFindingFingerprintKey, id}}},
          {"properties", std::move(properties)}};
}

}  // namespace moat::report
