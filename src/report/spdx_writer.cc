#include "report/spdx_writer.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sha256.h"
#include "report/spdx_license.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

constexpr char kNoAssertion[] = "NOASSERTION";
constexpr size_t kMaxIdPart = 64;

// Keeps letters, digits, '.' and '-' (the SPDX idstring alphabet); anything else becomes '-'.
std::string IdPart(absl::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMaxIdPart)) {
    bool ok = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
    out.push_back(ok ? c : '-');
  }
  return out.empty() ? "unnamed" : out;
}

// Hands out unique SPDX ids; a clash gets a numeric suffix.
class IdAllocator {
 public:
  std::string Allocate(const std::string& base) {
    std::string id = base;
    for (int n = 2; !used_.insert(id).second; ++n) id = absl::StrCat(base, "-", n);
    return id;
  }

 private:
  absl::flat_hash_set<std::string> used_;
};

// LicenseRef- ids for license strings that are not SPDX expressions, and their texts.
class LicenseRefs {
 public:
  std::string RefFor(const std::string& text) {
    auto it = refs_.find(text);
    if (it != refs_.end()) return it->second;
    std::string base = absl::StrCat("LicenseRef-", IdPart(text));
    if (!used_.insert(base).second) {
      base = absl::StrCat(base, "-", Sha256Hex(text).substr(0, 12));
      for (int n = 2; !used_.insert(base).second; ++n) base = absl::StrCat(base, "-", n);
    }
    refs_.emplace(text, base);
    return base;
  }

  OrderedJson ExtractedInfos() const {
    OrderedJson out = OrderedJson::array();
    for (const auto& [text, id] : refs_) {
      out.push_back({{"licenseId", id}, {"extractedText", text}, {"name", text}});
    }
    return out;
  }

 private:
  std::map<std::string, std::string> refs_;  // ordered: stable output
  absl::flat_hash_set<std::string> used_;
};

// All licences of a package as one expression: each valid expression as is, others as
// LicenseRef-, joined with AND (a package under several licences is under all of them).
std::string DeclaredLicense(const std::vector<std::string>& licenses, LicenseRefs* refs) {
  std::vector<std::string> parts;
  for (const auto& license : licenses) {
    if (absl::StripAsciiWhitespace(license).empty()) continue;
    std::optional<std::string> expression = ToSpdxExpression(license);
    // A LicenseRef- from the image has no text we could declare: treat it as unknown text.
    if (expression.has_value() && absl::StrContains(*expression, "LicenseRef-")) {
      expression.reset();
    }
    std::string part = expression.has_value() ? *expression : refs->RefFor(license);
    if (std::find(parts.begin(), parts.end(), part) == parts.end()) parts.push_back(part);
  }
  if (parts.empty()) return kNoAssertion;
  if (parts.size() == 1) return parts[0];
  for (auto& part : parts) {
    if (!IsSingleLicense(part)) part = absl::StrCat("(", part, ")");
  }
  return absl::StrJoin(parts, " AND ");
}

OrderedJson PurlRef(const std::string& purl) {
  return {{"referenceCategory", "PACKAGE-MANAGER"},
          {"referenceType", "purl"},
          {"referenceLocator", purl}};
}

OrderedJson BasePackage(const std::string& id, const std::string& name, const std::string& version,
                        const std::string& purpose) {
  OrderedJson out = {{"name", name.empty() ? "unnamed" : name}, {"SPDXID", id}};
  if (!version.empty()) out["versionInfo"] = version;
  out["supplier"] = kNoAssertion;
  out["downloadLocation"] = kNoAssertion;
  out["filesAnalyzed"] = false;
  out["licenseConcluded"] = kNoAssertion;
  out["licenseDeclared"] = kNoAssertion;
  out["copyrightText"] = kNoAssertion;
  out["primaryPackagePurpose"] = purpose;
  return out;
}

std::string SourceInfo(const inventory::Package& p) {
  std::string out = absl::StrCat("found in ", p.found_in);
  if (!p.found_in_archive.empty()) absl::StrAppend(&out, "!/", p.found_in_archive);
  if (p.layer >= 0) absl::StrAppend(&out, " (layer ", p.layer, " ", p.layer_diff_id, ")");
  if (!p.source_name.empty()) {
    absl::StrAppend(&out, "; source package ", p.source_name, p.source_version.empty() ? "" : " ",
                    p.source_version);
  }
  return out;
}

// A finding as a SECURITY advisory reference: the osv.dev page of its id (it resolves CVE,
// GHSA, GO, PYSEC, DSA, USN, ... ids), with severity, state and fix in the comment.
OrderedJson AdvisoryRef(const vulndb::Vulnerability& v) {
  std::string comment = absl::StrCat(v.id, " ", v.severity, " ", vulndb::FixStateName(v.state));
  if (!v.fix.empty()) absl::StrAppend(&comment, ": ", v.fix);
  return {{"referenceCategory", "SECURITY"},
          {"referenceType", "advisory"},
          {"referenceLocator", absl::StrCat("https://osv.dev/vulnerability/", v.id)},
          {"comment", comment}};
}

OrderedJson PackageJson(const inventory::Package& p, const std::string& id, LicenseRefs* refs,
                        const std::vector<const vulndb::Vulnerability*>& findings) {
  OrderedJson out = BasePackage(id, p.name, p.version, "LIBRARY");
  out["licenseDeclared"] = DeclaredLicense(p.licenses, refs);
  if (!p.found_in.empty()) out["sourceInfo"] = SourceInfo(p);
  OrderedJson external = OrderedJson::array();
  if (!p.purl.empty()) external.push_back(PurlRef(p.purl));
  for (const auto* v : findings) external.push_back(AdvisoryRef(*v));
  if (!external.empty()) out["externalRefs"] = std::move(external);
  return out;
}

using PackageKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

// Findings by the package they were found in.
std::map<PackageKey, std::vector<const vulndb::Vulnerability*>> FindingsByPackage(
    const std::vector<vulndb::Vulnerability>& vulnerabilities) {
  std::map<PackageKey, std::vector<const vulndb::Vulnerability*>> out;
  for (const auto& v : vulnerabilities) {
    out[{v.ecosystem, v.package, v.installed_version, v.found_in, v.found_in_archive}].push_back(
        &v);
  }
  return out;
}

OrderedJson ImagePackage(const image::ImageInfo& image, const std::string& id) {
  OrderedJson out = BasePackage(id, ImageDisplayName(image), ImageIdentity(image), "CONTAINER");
  constexpr absl::string_view kSha256 = "sha256:";
  if (absl::StartsWith(image.digest, kSha256) && image.digest.size() == kSha256.size() + 64) {
    OrderedJson checksum = OrderedJson::object();
    checksum["algorithm"] = "SHA256";
    checksum["checksumValue"] = image.digest.substr(kSha256.size());
    out["checksums"] = OrderedJson::array({std::move(checksum)});
  }
  if (std::string purl = ImagePurl(image); !purl.empty()) {
    out["externalRefs"] = OrderedJson::array({PurlRef(purl)});
  }
  return out;
}

OrderedJson Relationship(const std::string& from, const char* type, const std::string& to) {
  return {{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}};
}

std::string DocumentNamespace(const ScanResult& result) {
  std::string name = ImageDisplayName(result.image);
  std::string uuid = NameBasedUuid(
      absl::StrCat("moat-spdx:", ImageIdentity(result.image), ":", name, ":", result.scanned_at));
  return absl::StrCat("https://spdx.org/spdxdocs/moat/", IdPart(name), "-", uuid);
}

}  // namespace

std::string RenderSpdx(const ScanResult& result, const RenderOptions& /*options*/) {
  IdAllocator ids;
  LicenseRefs refs;
  const std::string image_id = ids.Allocate("SPDXRef-Image");
  OrderedJson packages = OrderedJson::array({ImagePackage(result.image, image_id)});
  OrderedJson relationships =
      OrderedJson::array({Relationship("SPDXRef-DOCUMENT", "DESCRIBES", image_id)});
  if (const auto& os = result.inventory.os; os.has_value()) {
    std::string id = ids.Allocate("SPDXRef-OperatingSystem");
    packages.push_back(BasePackage(id, os->family, os->version, "OPERATING-SYSTEM"));
    relationships.push_back(Relationship(image_id, "CONTAINS", id));
  }
  auto findings = FindingsByPackage(result.vulnerabilities);
  for (const auto& p : result.inventory.packages) {
    std::string id = ids.Allocate(absl::StrCat(
        "SPDXRef-Package-", inventory::EcosystemName(p.ecosystem), "-", IdPart(p.name)));
    // A package found twice in one place gets the findings once.
    auto found = findings.extract(PackageKey(std::string(inventory::EcosystemName(p.ecosystem)),
                                             p.name, p.version, p.found_in, p.found_in_archive));
    packages.push_back(
        PackageJson(p, id, &refs,
                    found.empty() ? std::vector<const vulndb::Vulnerability*>() : found.mapped()));
    relationships.push_back(Relationship(image_id, "CONTAINS", id));
  }
  OrderedJson doc = {
      {"spdxVersion", "SPDX-2.3"},
      {"dataLicense", "CC0-1.0"},
      {"SPDXID", "SPDXRef-DOCUMENT"},
      {"name", ImageDisplayName(result.image).empty() ? "unnamed" : ImageDisplayName(result.image)},
      {"documentNamespace", DocumentNamespace(result)},
      {"creationInfo",
       {{"created", NormalizeTimestamp(result.scanned_at)},
        {"creators", OrderedJson::array({absl::StrCat("Tool: moat-", ScannerVersion(result))})}}},
      {"packages", std::move(packages)},
      {"relationships", std::move(relationships)}};
  OrderedJson extracted = refs.ExtractedInfos();
  if (!extracted.empty()) doc["hasExtractedLicensingInfos"] = std::move(extracted);
  return DumpOrderedJson(doc);
}

}  // namespace moat::report
