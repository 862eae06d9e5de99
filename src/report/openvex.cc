#include "report/openvex.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

constexpr absl::string_view kStatuses[] = {"not_affected", "affected", "fixed",
                                           "under_investigation"};

absl::Status StatementError(const std::string& file, size_t index, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(file, ": statements[", index, "]: ", why));
}

// "@id" of an object, or the string itself (v0.0.1 products were strings).
std::string IdOf(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.is_object() ? JsonString(value, "@id") : "";
}

void AddProducts(const Json& products, std::vector<std::string>& out) {
  if (!products.is_array()) return;
  for (const Json& p : products) {
    if (std::string id = IdOf(p); !id.empty()) out.push_back(id);
    if (p.is_object() && p.contains("subcomponents")) AddProducts(p["subcomponents"], out);
  }
}

absl::StatusOr<VexStatement> ParseStatement(const Json& s, const std::string& file, size_t i) {
  if (!s.is_object()) return StatementError(file, i, "not an object");
  VexStatement out;
  const Json* vuln = s.contains("vulnerability") ? &s["vulnerability"] : nullptr;
  if (vuln != nullptr && vuln->is_string()) {
    out.vulnerabilities.push_back(vuln->get<std::string>());
  } else if (vuln != nullptr && vuln->is_object()) {
    if (std::string name = JsonString(*vuln, "name"); !name.empty()) {
      out.vulnerabilities.push_back(name);
    }
    for (const std::string& alias : JsonStringArray(*vuln, "aliases")) {
      out.vulnerabilities.push_back(alias);
    }
  }
  if (out.vulnerabilities.empty()) return StatementError(file, i, "no vulnerability name");
  out.status = JsonString(s, "status");
  if (std::find(std::begin(kStatuses), std::end(kStatuses), out.status) == std::end(kStatuses)) {
    return StatementError(file, i,
                          absl::StrCat("unknown status \"", out.status,
                                       "\" (valid: not_affected, affected, fixed, "
                                       "under_investigation)"));
  }
  out.justification = JsonString(s, "justification");
  if (s.contains("products")) AddProducts(s["products"], out.products);
  return out;
}

// A purl without qualifiers and subpath; `with_version` false also drops "@version".
std::string PurlCore(absl::string_view purl, bool with_version) {
  purl = purl.substr(0, purl.find_first_of("?#"));
  if (!with_version) {
    size_t at = purl.rfind('@');
    size_t slash = purl.rfind('/');
    if (at != absl::string_view::npos && (slash == absl::string_view::npos || at > slash)) {
      purl = purl.substr(0, at);
    }
  }
  return std::string(purl);
}

bool ProductIsPackage(const std::string& product, const vulndb::Vulnerability& v) {
  if (v.purl.empty() || product.rfind("pkg:", 0) != 0) return false;
  const bool versioned = PurlCore(product, false) != PurlCore(product, true);
  return PurlCore(product, versioned) == PurlCore(v.purl, versioned);
}

bool ProductIsImage(const std::string& product, const image::ImageInfo& image) {
  if (product.empty()) return false;
  if (product == image.reference || product == image.digest || product == image.image_id) {
    return true;
  }
  if (std::find(image.repo_tags.begin(), image.repo_tags.end(), product) != image.repo_tags.end()) {
    return true;
  }
  std::string purl = ImagePurl(image);
  return !purl.empty() && PurlCore(product, true) == PurlCore(purl, true);
}

bool Covers(const VexStatement& s, const vulndb::Vulnerability& v, const image::ImageInfo& image) {
  if (s.status != "not_affected" && s.status != "fixed") return false;
  bool named = std::any_of(s.vulnerabilities.begin(), s.vulnerabilities.end(), [&](auto& id) {
    return id == v.id || std::find(v.aliases.begin(), v.aliases.end(), id) != v.aliases.end();
  });
  if (!named) return false;
  if (s.products.empty()) return true;
  return std::any_of(s.products.begin(), s.products.end(), [&](const std::string& p) {
    return ProductIsPackage(p, v) || ProductIsImage(p, image);
  });
}

}  // namespace

absl::StatusOr<VexDocument> ParseOpenVex(absl::string_view text, const std::string& file) {
  auto doc = ParseJson(text, file);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || !doc->contains("statements") || !(*doc)["statements"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": not an OpenVEX document (no \"statements\" list)"));
  }
  VexDocument out;
  out.file = file;
  const Json& statements = (*doc)["statements"];
  for (size_t i = 0; i < statements.size(); ++i) {
    auto s = ParseStatement(statements[i], file, i);
    if (!s.ok()) return s.status();
    out.statements.push_back(std::move(*s));
  }
  return out;
}

int ApplyVex(const VexDocument& vex, ScanResult& result) {
  auto& vulns = result.vulnerabilities;
  size_t before = vulns.size();
  vulns.erase(std::remove_if(vulns.begin(), vulns.end(),
                             [&](const vulndb::Vulnerability& v) {
                               return std::any_of(
                                   vex.statements.begin(), vex.statements.end(),
                                   [&](const auto& s) { return Covers(s, v, result.image); });
                             }),
              vulns.end());
  return static_cast<int>(before - vulns.size());
}

}  // namespace moat::report
