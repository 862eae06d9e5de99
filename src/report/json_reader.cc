// Each Read* function mirrors one function of json_writer.cc, field for field, so the two stay
// easy to compare. The summary is not read: the writers derive it from the rest.
#include "report/json_reader.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "report/json_reader_fields.h"
#include "report/json_writer.h"

namespace moat::report {
namespace {

constexpr inventory::PackageOrigin kOrigins[] = {
    inventory::PackageOrigin::kInstalled, inventory::PackageOrigin::kLockfile,
    inventory::PackageOrigin::kManifest, inventory::PackageOrigin::kBinary};
constexpr vulndb::FixState kFixStates[] = {
    vulndb::FixState::kFixed, vulndb::FixState::kUnfixed, vulndb::FixState::kWillNotFix,
    vulndb::FixState::kEndOfLife, vulndb::FixState::kNotAffected};

// Reads the string at `key` into *out through `parse`, a name → value function of the model
// ("deb" → Ecosystem::kDeb); a name it does not know is an error naming the value.
template <typename T, typename Parse>
void ReadName(JsonFields& f, absl::string_view key, Need need, Parse parse, T* out) {
  std::string name;
  f.String(key, &name, need);
  if (!f.ok() || (name.empty() && need == Need::kOptional)) return;
  if (!parse(name, out)) f.Fail(key, absl::StrCat("unknown value \"", name, "\""));
}

// A parse function for an enum that only has a Name function.
template <typename T, size_t N>
auto ByName(const T (&values)[N], absl::string_view (*name_of)(T)) {
  return [&values, name_of](absl::string_view name, T* out) {
    for (T value : values) {
      if (name_of(value) == name) {
        *out = value;
        return true;
      }
    }
    return false;
  };
}

// "0755" → 0755: the permission bits as the writer prints them ("%04o").
void ReadMode(JsonFields& f, uint32_t* out) {
  std::string text;
  f.String("mode", &text);
  if (!f.ok() || text.empty()) return;
  uint32_t mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7' || mode > 07777)
      return f.Fail("mode", "not an octal mode like \"0755\"");
    mode = mode * 8 + static_cast<uint32_t>(c - '0');
  }
  *out = mode;
}

void ReadConfig(JsonFields f, image::ImageConfig* config) {
  f.String("user", &config->user);
  f.Strings("env", &config->env);
  f.Strings("entrypoint", &config->entrypoint);
  f.Strings("cmd", &config->cmd);
  f.String("workingDir", &config->working_dir);
  f.Strings("exposedPorts", &config->exposed_ports);
  f.StringMap("labels", &config->labels);
  f.String("stopSignal", &config->stop_signal);
}

void ReadHistoryEntry(JsonFields& f, std::vector<image::HistoryEntry>* history) {
  image::HistoryEntry& entry = history->emplace_back();
  f.String("created", &entry.created);
  f.String("createdBy", &entry.created_by);
  f.String("author", &entry.author);
  f.String("comment", &entry.comment);
  f.Bool("emptyLayer", &entry.empty_layer);
}

void ReadLayer(JsonFields& f, std::vector<image::LayerInfo>* layers) {
  image::LayerInfo& layer = layers->emplace_back();
  f.Int("index", &layer.index);
  f.String("digest", &layer.digest);
  f.String("diffId", &layer.diff_id);
  f.NullableInt64("size", &layer.size, -1);
  f.String("mediaType", &layer.media_type);
  f.String("createdBy", &layer.created_by);
}

void ReadImage(JsonFields f, image::ImageInfo* image) {
  f.String("reference", &image->reference);
  f.String("sourceType", &image->source_type);
  f.String("digest", &image->digest);
  f.String("manifestMediaType", &image->manifest_media_type);
  f.String("imageId", &image->image_id);
  f.Strings("repoTags", &image->repo_tags);
  f.Strings("repoDigests", &image->repo_digests);
  JsonFields platform = f.Child("platform");
  platform.String("os", &image->platform.os);
  platform.String("architecture", &image->platform.architecture);
  platform.String("variant", &image->platform.variant);
  f.String("created", &image->created);
  f.String("author", &image->author);
  ReadConfig(f.Child("config"), &image->config);
  f.Objects("history", [&](JsonFields& entry) { ReadHistoryEntry(entry, &image->history); });
  f.Objects("layers", [&](JsonFields& layer) { ReadLayer(layer, &image->layers); });
}

void ReadOs(JsonFields f, std::optional<inventory::OsInfo>* out) {
  inventory::OsInfo os;
  f.String("family", &os.family);
  f.String("name", &os.name);
  f.String("version", &os.version);
  f.String("codename", &os.codename);
  f.Bool("distroless", &os.distroless);
  *out = std::move(os);
}

void ReadPackage(JsonFields& f, std::vector<inventory::Package>* packages) {
  inventory::Package& p = packages->emplace_back();
  ReadName(f, "ecosystem", Need::kRequired, inventory::ParseEcosystem, &p.ecosystem);
  f.String("name", &p.name, Need::kRequired);
  f.String("version", &p.version, Need::kRequired);
  f.Int("epoch", &p.epoch);
  f.String("sourceName", &p.source_name);
  f.String("sourceVersion", &p.source_version);
  f.String("arch", &p.arch);
  f.Strings("licenses", &p.licenses);
  f.String("purl", &p.purl);
  ReadName(f, "origin", Need::kOptional, ByName(kOrigins, inventory::PackageOriginName), &p.origin);
  f.Bool("dev", &p.dev);
  f.String("foundIn", &p.found_in);
  f.String("foundInArchive", &p.found_in_archive);
  f.NullableInt("layer", &p.layer, -1);
  f.String("layerDiffId", &p.layer_diff_id);
  f.Strings("files", &p.files);
}

void ReadExecutable(JsonFields& f, std::vector<inventory::Executable>* executables) {
  inventory::Executable& e = executables->emplace_back();
  f.String("path", &e.path, Need::kRequired);
  f.Int64("size", &e.size);
  f.String("sha256", &e.sha256);
  ReadMode(f, &e.mode);
  f.NullableInt("layer", &e.layer, -1);
}

void ReadDatabase(JsonFields f, std::optional<DatabaseInfo>* out) {
  DatabaseInfo database;
  f.String("path", &database.path);
  f.Int("schemaVersion", &database.schema_version);
  f.String("builtAt", &database.built_at);
  f.Objects("sources", [&](JsonFields& s) {
    vulndb::ImportStats& stats = database.sources.emplace_back();
    s.String("source", &stats.source);
    s.Int64("records", &stats.records);
    s.String("newest", &stats.newest);
  });
  *out = std::move(database);
}

void ReadVulnerability(JsonFields& f, std::vector<vulndb::Vulnerability>* vulnerabilities) {
  vulndb::Vulnerability& v = vulnerabilities->emplace_back();
  f.String("id", &v.id, Need::kRequired);
  f.Strings("aliases", &v.aliases);
  f.String("ecosystem", &v.ecosystem);
  f.String("package", &v.package, Need::kRequired);
  f.String("installedVersion", &v.installed_version);
  f.String("purl", &v.purl);
  f.String("foundIn", &v.found_in);
  f.String("foundInArchive", &v.found_in_archive);
  f.NullableInt("layer", &v.layer, -1);
  f.String("layerDiffId", &v.layer_diff_id);
  f.String("sourcePackage", &v.source_package);
  f.String("distro", &v.distro);
  ReadName(f, "state", Need::kOptional, ByName(kFixStates, vulndb::FixStateName), &v.state);
  f.Strings("fixedVersions", &v.fixed_versions);
  f.String("fix", &v.fix);
  f.String("severity", &v.severity);
  f.String("severitySource", &v.severity_source);
  f.NullableNumber("cvssScore", &v.cvss_score, 0);
  f.String("cvssVector", &v.cvss_vector);
  f.String("vendorSeverity", &v.vendor_severity);
  f.String("title", &v.title);
  f.Strings("references", &v.references);
  f.Strings("sources", &v.sources);
}

void ReadEvidence(JsonFields f, detect::Evidence* e) {
  f.NullableInt("layer", &e->layer, -1);
  f.String("layerDiffId", &e->layer_diff_id);
  f.NullableInt("deletedInLayer", &e->deleted_in_layer, -1);
  f.String("path", &e->path);
  f.NullableInt("line", &e->line, 0);
  f.String("excerpt", &e->excerpt);
  f.String("sha256", &e->sha256);
}

void ReadFinding(JsonFields& f, std::vector<detect::Finding>* findings) {
  detect::Finding& finding = findings->emplace_back();
  f.String("id", &finding.id);
  ReadName(f, "category", Need::kRequired, detect::ParseCategory, &finding.category);
  f.String("ruleId", &finding.rule_id, Need::kRequired);
  f.String("severity", &finding.severity);
  f.String("title", &finding.title);
  f.String("description", &finding.description);
  f.String("fix", &finding.fix);
  f.String("source", &finding.source);
  f.String("author", &finding.author);
  f.Strings("references", &finding.references);
  ReadEvidence(f.Child("evidence"), &finding.evidence);
}

void ReadSchemaVersion(JsonFields& f) {
  int version = 0;
  f.Int("schemaVersion", &version, Need::kRequired);
  if (f.ok() && version != kScanJsonSchemaVersion) {
    f.Fail("schemaVersion", absl::StrCat(version, " is not supported (Moat reads schemaVersion ",
                                         kScanJsonSchemaVersion, ")"));
  }
}

void ReadReport(JsonFields& f, ScanResult* result) {
  ReadSchemaVersion(f);
  f.Child("scanner").String("version", &result->scanner_version);
  f.String("scannedAt", &result->scanned_at);
  ReadImage(f.Child("image", Need::kRequired), &result->image);
  if (f.Has("os")) ReadOs(f.Child("os"), &result->inventory.os);
  f.Strings("scanners", &result->scanners);
  if (f.Has("database")) ReadDatabase(f.Child("database"), &result->database);
  inventory::Inventory& inventory = result->inventory;
  f.Objects("packages", [&](JsonFields& p) { ReadPackage(p, &inventory.packages); });
  f.Objects("vulnerabilities",
            [&](JsonFields& v) { ReadVulnerability(v, &result->vulnerabilities); });
  f.Objects("findings", [&](JsonFields& finding) { ReadFinding(finding, &result->findings); });
  f.Objects("executables", [&](JsonFields& e) { ReadExecutable(e, &inventory.executables); });
  f.Strings("warnings", &inventory.warnings);
}

}  // namespace

absl::StatusOr<ScanResult> ReadJsonReport(absl::string_view text, absl::string_view what) {
  if (text.size() > kMaxJsonReportBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": larger than ", kMaxJsonReportBytes, " bytes"));
  }
  absl::StatusOr<Json> doc = ParseJson(text, what);
  if (!doc.ok()) return doc.status();
  return ReadParsedJsonReport(*doc, what);
}

absl::StatusOr<ScanResult> ReadParsedJsonReport(const Json& doc, absl::string_view what) {
  if (!doc.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not a JSON object"));
  }
  ReadErrors errors;
  JsonFields root(doc, "", &errors);
  ScanResult result;
  ReadReport(root, &result);
  if (absl::Status status = errors.ToStatus(what); !status.ok()) return status;
  return result;
}

}  // namespace moat::report
