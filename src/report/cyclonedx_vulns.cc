#include "report/cyclonedx_vulns.h"

#include <array>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/severity.h"
#include "vulndb/cvss.h"

namespace moat::report {
namespace {

// The database an id belongs to, by its prefix; every id resolves on osv.dev.
std::pair<std::string, std::string> SourceOfId(const std::string& id) {
  static constexpr std::pair<absl::string_view, absl::string_view> kPrefixes[] = {
      {"CVE-", "cve"},         {"GHSA-", "ghsa"},  {"GO-", "go-vulndb"}, {"PYSEC-", "pypa"},
      {"RUSTSEC-", "rustsec"}, {"DSA-", "debian"}, {"DLA-", "debian"},   {"USN-", "ubuntu"},
      {"RHSA-", "redhat"},     {"ALSA-", "alma"},  {"RLSA-", "rocky"},   {"ALAS", "amazon"},
  };
  std::string name = "osv";
  for (const auto& [prefix, source] : kPrefixes) {
    if (absl::StartsWith(id, prefix)) name = std::string(source);
  }
  return {name, absl::StrCat("https://osv.dev/vulnerability/", id)};
}

OrderedJson Source(const std::pair<std::string, std::string>& source) {
  return {{"name", source.first}, {"url", source.second}};
}

// CycloneDX severities (critical, high, medium, low, info, none, unknown) by severity rank:
// negligible is "info"; "none" (no Moat severity) passes through.
constexpr std::array<absl::string_view, kSeverityNames.size()> kCdxSeverities = {
    "critical", "high", "medium", "low", "info", "unknown"};

std::string CdxSeverity(const std::string& severity) {
  if (severity == "none") return severity;
  return std::string(kCdxSeverities[SeverityRank(severity)]);
}

std::string CdxMethod(vulndb::CvssVersion version) {
  switch (version) {
    case vulndb::CvssVersion::kV2:
      return "CVSSv2";
    case vulndb::CvssVersion::kV30:
      return "CVSSv3";
    case vulndb::CvssVersion::kV31:
      return "CVSSv31";
    case vulndb::CvssVersion::kV40:
      return "CVSSv4";
  }
  return "other";
}

// Where a severity_source like "vendor:debian" came from: "debian".
std::string RatingSource(const vulndb::Vulnerability& v) {
  size_t colon = v.severity_source.find(':');
  if (colon != std::string::npos && !absl::StartsWith(v.severity_source, "cvss:")) {
    return v.severity_source.substr(colon + 1);
  }
  return v.sources.empty() ? "moat" : v.sources.front();
}

OrderedJson Ratings(const vulndb::Vulnerability& v) {
  OrderedJson ratings = OrderedJson::array();
  if (!v.cvss_vector.empty()) {
    absl::StatusOr<vulndb::CvssResult> cvss = vulndb::ScoreCvss(v.cvss_vector);
    if (cvss.ok()) {
      ratings.push_back({{"score", cvss->base_score},
                         {"severity", CdxSeverity(cvss->severity)},
                         {"method", CdxMethod(cvss->version)},
                         {"vector", v.cvss_vector}});
    }
  }
  if (!v.vendor_severity.empty()) {
    ratings.push_back({{"source", {{"name", RatingSource(v)}}},
                       {"severity", CdxSeverity(v.vendor_severity)},
                       {"method", "other"}});
  }
  if (ratings.empty()) ratings.push_back({{"severity", CdxSeverity(v.severity)}});
  return ratings;
}

// http(s) URLs without spaces or control characters: what the schema's iri-reference accepts.
bool IsPlainUrl(const std::string& url) {
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) return false;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

void AddProperty(OrderedJson& properties, absl::string_view name, const std::string& value) {
  if (!value.empty()) properties.push_back({{"name", std::string(name)}, {"value", value}});
}

OrderedJson Properties(const vulndb::Vulnerability& v) {
  OrderedJson properties = OrderedJson::array();
  AddProperty(properties, "moat:state", std::string(vulndb::FixStateName(v.state)));
  AddProperty(properties, "moat:severity", v.severity);
  AddProperty(properties, "moat:severity_source", v.severity_source);
  AddProperty(properties, "moat:fixed_versions", absl::StrJoin(v.fixed_versions, ", "));
  AddProperty(properties, "moat:source_package", v.source_package);
  AddProperty(properties, "moat:distro", v.distro);
  AddProperty(properties, "moat:feeds", absl::StrJoin(v.sources, ", "));
  return properties;
}

OrderedJson VulnerabilityJson(const vulndb::Vulnerability& v, const std::string& ref) {
  OrderedJson out = {{"id", v.id}, {"source", Source(SourceOfId(v.id))}};
  if (!v.aliases.empty()) {
    OrderedJson references = OrderedJson::array();
    for (const std::string& alias : v.aliases) {
      references.push_back({{"id", alias}, {"source", Source(SourceOfId(alias))}});
    }
    out["references"] = std::move(references);
  }
  out["ratings"] = Ratings(v);
  if (!v.title.empty()) out["description"] = v.title;
  if (!v.fix.empty()) out["recommendation"] = v.fix;
  OrderedJson advisories = OrderedJson::array();
  for (const std::string& url : v.references) {
    if (IsPlainUrl(url)) advisories.push_back({{"url", url}});
  }
  if (!advisories.empty()) out["advisories"] = std::move(advisories);
  if (!ref.empty()) {
    out["affects"] = OrderedJson::array(
        {{{"ref", ref},
          {"versions",
           OrderedJson::array({{{"version", v.installed_version.empty() ? std::string("unknown")
                                                                        : v.installed_version},
                                {"status", "affected"}}})}}});
  }
  out["properties"] = Properties(v);
  return out;
}

}  // namespace

OrderedJson CycloneDxVulnerabilities(
    const std::vector<vulndb::Vulnerability>& vulnerabilities,
    const std::function<std::string(const vulndb::Vulnerability&)>& ref_of) {
  OrderedJson out = OrderedJson::array();
  for (const auto& v : vulnerabilities) out.push_back(VulnerabilityJson(v, ref_of(v)));
  return out;
}

}  // namespace moat::report
