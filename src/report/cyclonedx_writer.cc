#include "report/cyclonedx_writer.h"

#include <map>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "inventory/purl.h"
#include "report/cyclonedx_vulns.h"
#include "report/spdx_license.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

// Properties with empty values are left out.
void AddProperty(OrderedJson* properties, absl::string_view name, const std::string& value) {
  if (value.empty()) return;
  properties->push_back({{"name", std::string(name)}, {"value", value}});
}

// bom-refs must be unique in a BOM; the same purl found in two places gets the location added.
std::string UniqueRef(std::string base, absl::string_view location,
                      absl::flat_hash_set<std::string>* used) {
  if (used->insert(base).second) return base;
  std::string with_location = absl::StrCat(base, base.find('?') == std::string::npos ? "?" : "&",
                                           "moat_found_in=", inventory::PurlEncode(location));
  std::string ref = with_location;
  for (int n = 2; !used->insert(ref).second; ++n) ref = absl::StrCat(with_location, "&n=", n);
  return ref;
}

// The SPDX id a licence string stands for ("Expat" -> "MIT"), or "".
std::string LicenseId(const std::string& license) {
  std::optional<std::string> expression = ToSpdxExpression(license);
  if (!expression.has_value() || !IsSingleLicense(*expression)) return "";
  return CanonicalSpdxLicenseId(*expression);
}

// SPDX ids as {license: {id}}, anything else as {license: {name}}. CycloneDX allows an
// {expression} only as the sole entry, so it is used only for a package with one licence.
OrderedJson LicensesJson(const std::vector<std::string>& licenses) {
  OrderedJson out = OrderedJson::array();
  if (licenses.size() == 1 && LicenseId(licenses[0]).empty()) {
    std::optional<std::string> expression = ToSpdxExpression(licenses[0]);
    if (expression.has_value() && !IsSingleLicense(*expression) &&
        !absl::StrContains(*expression, "LicenseRef-")) {
      out.push_back({{"expression", *expression}});
      return out;
    }
  }
  for (const auto& license : licenses) {
    if (std::string id = LicenseId(license); !id.empty()) {
      out.push_back({{"license", {{"id", id}}}});
    } else if (!license.empty()) {
      out.push_back({{"license", {{"name", license}}}});
    }
  }
  return out;
}

std::string FoundIn(const inventory::Package& p) {
  return p.found_in_archive.empty() ? p.found_in
                                    : absl::StrCat(p.found_in, "!/", p.found_in_archive);
}

OrderedJson PackageComponent(const inventory::Package& p, const std::string& ref) {
  OrderedJson component = {{"bom-ref", ref}, {"type", "library"}};
  if (p.ecosystem == inventory::Ecosystem::kMaven && p.name.find(':') != std::string::npos) {
    component["group"] = p.name.substr(0, p.name.find(':'));
    component["name"] = p.name.substr(p.name.find(':') + 1);
  } else {
    component["name"] = p.name;
  }
  if (!p.version.empty()) component["version"] = p.version;
  OrderedJson licenses = LicensesJson(p.licenses);
  if (!licenses.empty()) component["licenses"] = std::move(licenses);
  if (!p.purl.empty()) component["purl"] = p.purl;
  OrderedJson properties = OrderedJson::array();
  AddProperty(&properties, "moat:ecosystem", std::string(inventory::EcosystemName(p.ecosystem)));
  AddProperty(&properties, "moat:origin", std::string(inventory::PackageOriginName(p.origin)));
  AddProperty(&properties, "moat:dev", p.dev ? "true" : "");
  AddProperty(&properties, "moat:source_name", p.source_name);
  AddProperty(&properties, "moat:source_version", p.source_version);
  AddProperty(&properties, "moat:arch", p.arch);
  AddProperty(&properties, "moat:found_in", p.found_in);
  AddProperty(&properties, "moat:found_in_archive", p.found_in_archive);
  AddProperty(&properties, "moat:layer_index", p.layer >= 0 ? absl::StrCat(p.layer) : "");
  AddProperty(&properties, "moat:layer_diff_id", p.layer_diff_id);
  component["properties"] = std::move(properties);
  return component;
}

OrderedJson ImageComponent(const image::ImageInfo& image, const std::string& ref) {
  std::string repository = ImageRepository(image);
  OrderedJson component = {{"bom-ref", ref},
                           {"type", "container"},
                           {"name", repository.empty() ? ImageDisplayName(image) : repository}};
  if (std::string version = ImageIdentity(image); !version.empty()) {
    component["version"] = version;
  }
  if (std::string purl = ImagePurl(image); !purl.empty()) component["purl"] = purl;
  OrderedJson properties = OrderedJson::array();
  AddProperty(&properties, "moat:reference", image.reference);
  AddProperty(&properties, "moat:source_type", image.source_type);
  AddProperty(&properties, "moat:image_id", image.image_id);
  for (const auto& tag : image.repo_tags) AddProperty(&properties, "moat:repo_tag", tag);
  for (const auto& digest : image.repo_digests) {
    AddProperty(&properties, "moat:repo_digest", digest);
  }
  AddProperty(&properties, "moat:platform",
              image.platform.os.empty() ? "" : image.platform.ToString());
  for (const auto& layer : image.layers) {
    AddProperty(&properties, "moat:layer_diff_id", layer.diff_id);
  }
  component["properties"] = std::move(properties);
  return component;
}

OrderedJson OsComponent(const inventory::OsInfo& os, const std::string& ref) {
  OrderedJson component = {{"bom-ref", ref},
                           {"type", "operating-system"},
                           {"name", os.family.empty() ? "unknown" : os.family}};
  if (!os.version.empty()) component["version"] = os.version;
  if (!os.name.empty()) component["description"] = os.name;
  OrderedJson properties = OrderedJson::array();
  AddProperty(&properties, "moat:codename", os.codename);
  AddProperty(&properties, "moat:distroless", os.distroless ? "true" : "");
  if (!properties.empty()) component["properties"] = std::move(properties);
  return component;
}

OrderedJson Metadata(const ScanResult& result, OrderedJson image_component) {
  OrderedJson tool = {
      {"type", "application"}, {"name", "moat"}, {"version", ScannerVersion(result)}};
  return {{"timestamp", NormalizeTimestamp(result.scanned_at)},
          {"tools", {{"components", OrderedJson::array({std::move(tool)})}}},
          {"component", std::move(image_component)}};
}

}  // namespace

std::string RenderCycloneDx(const ScanResult& result, const RenderOptions& /*options*/) {
  absl::flat_hash_set<std::string> used;
  std::string image_purl = ImagePurl(result.image);
  std::string image_ref = UniqueRef(
      image_purl.empty() ? absl::StrCat("moat:image:", ImageIdentity(result.image)) : image_purl,
      "", &used);
  OrderedJson components = OrderedJson::array();
  OrderedJson depends_on = OrderedJson::array();
  if (const auto& os = result.inventory.os; os.has_value()) {
    std::string ref = UniqueRef(absl::StrCat("moat:os:", os->family, "@", os->version), "", &used);
    components.push_back(OsComponent(*os, ref));
    depends_on.push_back(ref);
  }
  // Components by (ecosystem, name, version, location), for the findings' `affects`.
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  std::map<Key, std::string> refs;
  for (const auto& p : result.inventory.packages) {
    std::string base = p.purl.empty()
                           ? absl::StrCat("moat:package:", inventory::EcosystemName(p.ecosystem),
                                          "/", p.name, "@", p.version)
                           : p.purl;
    std::string ref = UniqueRef(base, FoundIn(p), &used);
    refs.try_emplace(Key(std::string(inventory::EcosystemName(p.ecosystem)), p.name, p.version,
                         p.found_in, p.found_in_archive),
                     ref);
    components.push_back(PackageComponent(p, ref));
    depends_on.push_back(ref);
  }
  std::string name = absl::StrCat("moat-cyclonedx:", ImageIdentity(result.image), ":",
                                  ImageDisplayName(result.image), ":", result.scanned_at);
  OrderedJson doc = {{"$schema", "http://cyclonedx.org/schema/bom-1.5.schema.json"},
                     {"bomFormat", "CycloneDX"},
                     {"specVersion", "1.5"},
                     {"serialNumber", absl::StrCat("urn:uuid:", NameBasedUuid(name))},
                     {"version", 1},
                     {"metadata", Metadata(result, ImageComponent(result.image, image_ref))},
                     {"components", std::move(components)},
                     {"dependencies", OrderedJson::array()}};
  // The image depends on everything in it; nothing else is claimed about dependencies.
  OrderedJson image_dependencies = OrderedJson::object();
  image_dependencies["ref"] = image_ref;
  image_dependencies["dependsOn"] = std::move(depends_on);
  doc["dependencies"].push_back(std::move(image_dependencies));
  if (result.database.has_value() || !result.vulnerabilities.empty()) {
    doc["vulnerabilities"] =
        CycloneDxVulnerabilities(result.vulnerabilities, [&refs](const vulndb::Vulnerability& v) {
          auto it = refs.find(
              Key(v.ecosystem, v.package, v.installed_version, v.found_in, v.found_in_archive));
          return it == refs.end() ? std::string() : it->second;
        });
  }
  return DumpOrderedJson(doc);
}

}  // namespace moat::report
