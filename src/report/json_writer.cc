#include "report/json_writer.h"

#include "absl/strings/str_format.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

// Unknown layer indexes and sizes (-1) are null, not a magic number.
OrderedJson NullIfNegative(int64_t value) {
  return value < 0 ? OrderedJson(nullptr) : OrderedJson(value);
}

OrderedJson ConfigJson(const image::ImageConfig& config) {
  OrderedJson labels = OrderedJson::object();
  for (const auto& [key, value] : config.labels) labels[key] = value;
  return {{"user", config.user},
          {"env", config.env},
          {"entrypoint", config.entrypoint},
          {"cmd", config.cmd},
          {"workingDir", config.working_dir},
          {"exposedPorts", config.exposed_ports},
          {"labels", std::move(labels)},
          {"stopSignal", config.stop_signal}};
}

OrderedJson HistoryJson(const std::vector<image::HistoryEntry>& history) {
  OrderedJson out = OrderedJson::array();
  for (const auto& entry : history) {
    out.push_back({{"created", entry.created},
                   {"createdBy", entry.created_by},
                   {"author", entry.author},
                   {"comment", entry.comment},
                   {"emptyLayer", entry.empty_layer}});
  }
  return out;
}

OrderedJson LayersJson(const std::vector<image::LayerInfo>& layers) {
  OrderedJson out = OrderedJson::array();
  for (const auto& layer : layers) {
    out.push_back({{"index", layer.index},
                   {"digest", layer.digest},
                   {"diffId", layer.diff_id},
                   {"size", NullIfNegative(layer.size)},
                   {"mediaType", layer.media_type},
                   {"createdBy", layer.created_by}});
  }
  return out;
}

OrderedJson ImageJson(const image::ImageInfo& image) {
  return {{"reference", image.reference},
          {"sourceType", image.source_type},
          {"digest", image.digest},
          {"manifestMediaType", image.manifest_media_type},
          {"imageId", image.image_id},
          {"repoTags", image.repo_tags},
          {"repoDigests", image.repo_digests},
          {"platform",
           {{"os", image.platform.os},
            {"architecture", image.platform.architecture},
            {"variant", image.platform.variant}}},
          {"created", image.created},
          {"author", image.author},
          {"config", ConfigJson(image.config)},
          {"history", HistoryJson(image.history)},
          {"layers", LayersJson(image.layers)}};
}

OrderedJson OsJson(const std::optional<inventory::OsInfo>& os) {
  if (!os.has_value()) return nullptr;
  return {{"family", os->family},
          {"name", os->name},
          {"version", os->version},
          {"codename", os->codename},
          {"distroless", os->distroless}};
}

OrderedJson PackageJson(const inventory::Package& p, const RenderOptions& options) {
  OrderedJson out = {{"ecosystem", std::string(inventory::EcosystemName(p.ecosystem))},
                     {"name", p.name},
                     {"version", p.version},
                     {"epoch", p.epoch},
                     {"sourceName", p.source_name},
                     {"sourceVersion", p.source_version},
                     {"arch", p.arch},
                     {"licenses", p.licenses},
                     {"purl", p.purl},
                     {"origin", std::string(inventory::PackageOriginName(p.origin))},
                     {"dev", p.dev},
                     {"foundIn", p.found_in},
                     {"foundInArchive", p.found_in_archive},
                     {"layer", NullIfNegative(p.layer)},
                     {"layerDiffId", p.layer_diff_id}};
  if (options.include_files) out["files"] = p.files;
  return out;
}

OrderedJson ExecutableJson(const inventory::Executable& e) {
  return {{"path", e.path},
          {"size", e.size},
          {"sha256", e.sha256},
          {"mode", absl::StrFormat("%04o", e.mode & 07777)},
          {"layer", NullIfNegative(e.layer)}};
}

OrderedJson FindingJson(const detect::Finding& f) {
  const detect::Evidence& e = f.evidence;
  return {{"id", f.id},
          {"category", std::string(detect::CategoryName(f.category))},
          {"ruleId", f.rule_id},
          {"severity", f.severity},
          {"title", f.title},
          {"description", f.description},
          {"fix", f.fix},
          {"source", f.source},
          {"author", f.author},
          {"references", f.references},
          {"evidence",
           {{"layer", NullIfNegative(e.layer)},
            {"layerDiffId", e.layer_diff_id},
            {"deletedInLayer", NullIfNegative(e.deleted_in_layer)},
            {"path", e.path},
            {"line", e.line > 0 ? OrderedJson(e.line) : OrderedJson(nullptr)},
            {"excerpt", e.excerpt},
            {"sha256", e.sha256}}}};
}

// {category: {severity: count}} for every category with findings, severities worst first.
OrderedJson FindingCountsJson(const std::vector<detect::Finding>& findings) {
  OrderedJson out = OrderedJson::object();
  for (const auto& [category, counts] : CountFindings(findings)) {
    OrderedJson by_severity = OrderedJson::object();
    for (const auto& [severity, count] : counts) by_severity[severity] = count;
    out[category] = std::move(by_severity);
  }
  return out;
}

OrderedJson SummaryJson(const ScanResult& result) {
  const inventory::Inventory& inventory = result.inventory;
  OrderedJson packages = OrderedJson::object();
  for (const auto& [ecosystem, count] : CountByEcosystem(inventory)) packages[ecosystem] = count;
  OrderedJson vulnerabilities = OrderedJson::object();
  for (const auto& [severity, count] : CountBySeverity(result.vulnerabilities)) {
    vulnerabilities[severity] = count;
  }
  return {{"packages", std::move(packages)},
          {"vulnerabilities", std::move(vulnerabilities)},
          {"findings", FindingCountsJson(result.findings)},
          {"executables", inventory.executables.size()},
          {"warnings", inventory.warnings.size()}};
}

OrderedJson DatabaseJson(const std::optional<DatabaseInfo>& database) {
  if (!database.has_value()) return nullptr;
  OrderedJson sources = OrderedJson::array();
  for (const auto& s : database->sources) {
    sources.push_back({{"source", s.source}, {"records", s.records}, {"newest", s.newest}});
  }
  return {{"path", database->path},
          {"schemaVersion", database->schema_version},
          {"builtAt", database->built_at},
          {"sources", std::move(sources)}};
}

OrderedJson VulnerabilityJson(const vulndb::Vulnerability& v) {
  return {{"id", v.id},
          {"aliases", v.aliases},
          {"ecosystem", v.ecosystem},
          {"package", v.package},
          {"installedVersion", v.installed_version},
          {"purl", v.purl},
          {"foundIn", v.found_in},
          {"foundInArchive", v.found_in_archive},
          {"layer", NullIfNegative(v.layer)},
          {"layerDiffId", v.layer_diff_id},
          {"sourcePackage", v.source_package},
          {"distro", v.distro},
          {"state", std::string(vulndb::FixStateName(v.state))},
          {"fixedVersions", v.fixed_versions},
          {"fix", v.fix},
          {"severity", v.severity},
          {"severitySource", v.severity_source},
          {"cvssScore", v.cvss_vector.empty() ? OrderedJson(nullptr) : OrderedJson(v.cvss_score)},
          {"cvssVector", v.cvss_vector},
          {"vendorSeverity", v.vendor_severity},
          {"title", v.title},
          {"references", v.references},
          {"sources", v.sources}};
}

}  // namespace

std::string RenderJson(const ScanResult& result, const RenderOptions& options) {
  const inventory::Inventory& inventory = result.inventory;
  OrderedJson packages = OrderedJson::array();
  for (const auto& p : inventory.packages) packages.push_back(PackageJson(p, options));
  OrderedJson vulnerabilities = OrderedJson::array();
  for (const auto& v : result.vulnerabilities) vulnerabilities.push_back(VulnerabilityJson(v));
  OrderedJson findings = OrderedJson::array();
  for (const auto& f : result.findings) findings.push_back(FindingJson(f));
  OrderedJson executables = OrderedJson::array();
  for (const auto& e : inventory.executables) executables.push_back(ExecutableJson(e));
  OrderedJson doc = {{"schemaVersion", kScanJsonSchemaVersion},
                     {"scanner", {{"name", "moat"}, {"version", ScannerVersion(result)}}},
                     {"scannedAt", result.scanned_at},
                     {"image", ImageJson(result.image)},
                     {"os", OsJson(inventory.os)},
                     {"scanners", result.scanners},
                     {"database", DatabaseJson(result.database)},
                     {"summary", SummaryJson(result)},
                     {"packages", std::move(packages)},
                     {"vulnerabilities", std::move(vulnerabilities)},
                     {"findings", std::move(findings)},
                     {"executables", std::move(executables)},
                     {"warnings", inventory.warnings}};
  return DumpOrderedJson(doc);
}

}  // namespace moat::report
