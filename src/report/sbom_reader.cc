#include "report/sbom_reader.h"

#include <algorithm>
#include <optional>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "report/purl_parse.h"

namespace moat::report {
namespace {

constexpr int kMaxDepth = 16;                // nested CycloneDX components
constexpr int64_t kMaxComponents = 1000000;  // per SBOM
constexpr size_t kMaxField = 4096;           // longest name/version/path kept

std::string Field(const Json& object, absl::string_view key) {
  std::string value = JsonString(object, key);
  return value.size() > kMaxField ? "" : value;
}

class Reader {
 public:
  explicit Reader(absl::string_view what) : what_(what) {}

  absl::Status Component(const Json& c, int depth);
  absl::Status SpdxPackage(const Json& p);
  void SetOs(inventory::OsInfo os) {
    if (!os_) os_ = std::move(os);
  }
  SbomInventory Finish(std::string format, std::string name);

 private:
  absl::Status Count() {
    if (++seen_ > kMaxComponents) {
      return absl::InvalidArgumentError(
          absl::StrCat(what_, ": more than ", kMaxComponents, " components"));
    }
    return absl::OkStatus();
  }
  void AddFromPurl(const std::string& purl_text, const Json* properties, const Json* object);

  std::string what_;
  int64_t seen_ = 0;
  std::optional<inventory::OsInfo> os_;
  std::optional<inventory::OsInfo> purl_os_;
  SbomInventory out_;
};

std::string Property(const Json* properties, absl::string_view name) {
  if (properties == nullptr || !properties->is_array()) return "";
  for (const Json& p : *properties) {
    if (JsonString(p, "name") == name) return Field(p, "value");
  }
  return "";
}

// Moat's own properties (moat:*) and Trivy's (aquasecurity:trivy:*) restore what a purl cannot
// say: the source package and where the package was found.
void ApplyProperties(const Json* properties, inventory::Package& p) {
  if (std::string v = Property(properties, "moat:source_name"); !v.empty()) p.source_name = v;
  if (std::string v = Property(properties, "moat:source_version"); !v.empty()) p.source_version = v;
  p.found_in = Property(properties, "moat:found_in");
  p.found_in_archive = Property(properties, "moat:found_in_archive");
  p.layer_diff_id = Property(properties, "moat:layer_diff_id");
  if (int layer; absl::SimpleAtoi(Property(properties, "moat:layer_index"), &layer))
    p.layer = layer;
  if (std::string v = Property(properties, "aquasecurity:trivy:SrcName"); !v.empty()) {
    p.source_name = v;
    std::string version = Property(properties, "aquasecurity:trivy:SrcVersion");
    std::string release = Property(properties, "aquasecurity:trivy:SrcRelease");
    std::string epoch = Property(properties, "aquasecurity:trivy:SrcEpoch");
    if (!release.empty()) absl::StrAppend(&version, "-", release);
    if (!epoch.empty() && epoch != "0" && !version.empty())
      version = absl::StrCat(epoch, ":", version);
    if (!version.empty() && version != p.version) p.source_version = version;
  }
  if (p.found_in.empty()) p.found_in = Property(properties, "aquasecurity:trivy:FilePath");
}

void Reader::AddFromPurl(const std::string& purl_text, const Json* properties, const Json* object) {
  absl::StatusOr<inventory::PackageUrl> purl = ParsePurl(purl_text);
  std::optional<inventory::Package> p;
  if (purl.ok()) p = PackageFromPurl(*purl);
  if (!p) {
    ++out_.skipped;
    return;
  }
  // Purls lowercase Go module paths; the component name keeps the case.
  if (object != nullptr && p->ecosystem == inventory::Ecosystem::kGolang) {
    std::string name = Field(*object, "name");
    if (absl::EqualsIgnoreCase(name, p->name)) p->name = name;
  }
  p->purl = purl_text;
  ApplyProperties(properties, *p);
  if (inventory::IsOsEcosystem(p->ecosystem) && !purl_os_) purl_os_ = OsFromPurl(*purl);
  out_.inventory.packages.push_back(std::move(*p));
}

absl::Status Reader::Component(const Json& c, int depth) {
  if (!c.is_object()) return absl::OkStatus();
  if (depth > kMaxDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat(what_, ": components nested deeper than ", kMaxDepth));
  }
  if (absl::Status status = Count(); !status.ok()) return status;
  std::string type = Field(c, "type");
  if (type == "operating-system") {
    inventory::OsInfo os;
    os.family = NormalizeOsFamily(Field(c, "name"));
    os.version = Field(c, "version");
    os.name = Field(c, "description");
    if (!os.family.empty()) SetOs(std::move(os));
  } else if (std::string purl = Field(c, "purl"); !purl.empty() && type != "container") {
    AddFromPurl(purl, JsonField(c, "properties"), &c);
  } else if (type != "container" && type != "file") {
    ++out_.skipped;
  }
  if (const Json* nested = JsonField(c, "components"); nested != nullptr && nested->is_array()) {
    for (const Json& child : *nested) {
      if (absl::Status status = Component(child, depth + 1); !status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

// "found in /var/lib/dpkg/status (layer 0 sha256:…); source package glibc 2.36-9" (Moat's
// sourceInfo) → the source package.
void ApplySpdxSourceInfo(const std::string& info, inventory::Package& p) {
  size_t at = info.find("; source package ");
  if (at == std::string::npos) return;
  std::string rest = info.substr(at + 17);
  size_t space = rest.find(' ');
  p.source_name = rest.substr(0, space);
  if (space != std::string::npos) p.source_version = rest.substr(space + 1);
}

absl::Status Reader::SpdxPackage(const Json& package) {
  if (!package.is_object()) return absl::OkStatus();
  if (absl::Status status = Count(); !status.ok()) return status;
  if (Field(package, "primaryPackagePurpose") == "OPERATING-SYSTEM") {
    inventory::OsInfo os;
    os.family = NormalizeOsFamily(Field(package, "name"));
    os.version = Field(package, "versionInfo");
    if (!os.family.empty()) SetOs(std::move(os));
    return absl::OkStatus();
  }
  const Json* refs = JsonField(package, "externalRefs");
  if (refs == nullptr || !refs->is_array()) return absl::OkStatus();
  for (const Json& ref : *refs) {
    if (JsonString(ref, "referenceType") != "purl") continue;
    size_t before = out_.inventory.packages.size();
    AddFromPurl(Field(ref, "referenceLocator"), nullptr, nullptr);
    if (out_.inventory.packages.size() > before) {
      ApplySpdxSourceInfo(Field(package, "sourceInfo"), out_.inventory.packages.back());
    }
    return absl::OkStatus();  // one package per SPDX package
  }
  return absl::OkStatus();
}

SbomInventory Reader::Finish(std::string format, std::string name) {
  out_.format = std::move(format);
  out_.name = std::move(name);
  if (os_) {
    // An OS component may carry only the major version (Syft: debian 12); a purl's distro
    // qualifier of the same family is more precise.
    if (purl_os_ && purl_os_->family == os_->family &&
        absl::StartsWith(purl_os_->version, os_->version)) {
      os_->version = purl_os_->version;
    }
    out_.inventory.os = std::move(os_);
  } else if (purl_os_) {
    out_.inventory.os = std::move(purl_os_);
  }
  auto& packages = out_.inventory.packages;
  std::stable_sort(packages.begin(), packages.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(!inventory::IsOsEcosystem(a.ecosystem), a.ecosystem, a.name, a.version) <
           std::make_tuple(!inventory::IsOsEcosystem(b.ecosystem), b.ecosystem, b.name, b.version);
  });
  return std::move(out_);
}

absl::StatusOr<SbomInventory> ReadCycloneDx(const Json& doc, absl::string_view what) {
  Reader reader(what);
  std::string name;
  if (const Json* metadata = JsonField(doc, "metadata")) {
    if (const Json* main = JsonField(*metadata, "component"); main != nullptr) {
      name = Field(*main, "name");
      // The subject's own nested components (Moat puts none there; others may).
      if (const Json* nested = JsonField(*main, "components"); nested && nested->is_array()) {
        for (const Json& c : *nested) {
          if (absl::Status status = reader.Component(c, 1); !status.ok()) return status;
        }
      }
    }
  }
  if (const Json* components = JsonField(doc, "components"); components && components->is_array()) {
    for (const Json& c : *components) {
      if (absl::Status status = reader.Component(c, 0); !status.ok()) return status;
    }
  }
  return reader.Finish("cyclonedx", name);
}

absl::StatusOr<SbomInventory> ReadSpdx(const Json& doc, absl::string_view what) {
  Reader reader(what);
  if (const Json* packages = JsonField(doc, "packages"); packages && packages->is_array()) {
    for (const Json& p : *packages) {
      if (absl::Status status = reader.SpdxPackage(p); !status.ok()) return status;
    }
  }
  return reader.Finish("spdx", Field(doc, "name"));
}

}  // namespace

absl::StatusOr<SbomInventory> ReadSbom(absl::string_view text, absl::string_view what) {
  absl::StatusOr<Json> doc = ParseJson(text, what);
  if (!doc.ok()) return doc.status();
  if (JsonString(*doc, "bomFormat") == "CycloneDX") return ReadCycloneDx(*doc, what);
  if (absl::StartsWith(JsonString(*doc, "spdxVersion"), "SPDX-")) return ReadSpdx(*doc, what);
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": not a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document"));
}

}  // namespace moat::report
