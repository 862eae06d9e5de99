#include "vulndb/feed_csaf_products.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_output.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

// Deepest product-tree branch nesting walked (Red Hat uses four levels).
constexpr int kMaxBranchDepth = 16;

std::string PercentDecode(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    int value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        absl::SimpleHexAtoi(text.substr(i + 1, 2), &value)) {
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// "2.5.9-111.el8" → "111.el8"; "" without a release.
absl::string_view Release(absl::string_view evr) {
  size_t dash = evr.rfind('-');
  return dash == absl::string_view::npos ? absl::string_view() : evr.substr(dash + 1);
}

std::string Key(absl::string_view a, absl::string_view b) { return absl::StrCat(a, "|", b); }

}  // namespace

std::string RhelDistroFromCpe(absl::string_view cpe) {
  std::vector<absl::string_view> parts = absl::StrSplit(cpe, ':');
  // cpe:/o:redhat:enterprise_linux:9::baseos, or cpe:2.3:o:redhat:enterprise_linux:9:…
  size_t vendor = absl::StartsWith(cpe, "cpe:2.3:") ? 3 : 2;
  if (parts.size() < vendor + 3 || parts[vendor] != "redhat") return "";
  absl::string_view product = parts[vendor + 1];
  if (product != "enterprise_linux" && product != "rhel_els") return "";
  absl::string_view major = parts[vendor + 2].substr(0, parts[vendor + 2].find('.'));
  int number = 0;
  if (!absl::SimpleAtoi(major, &number) || number <= 0 || number > 99) return "";
  return absl::StrCat("rhel:", number);
}

std::optional<CsafPackage> ParseRpmPurl(absl::string_view purl) {
  if (!absl::ConsumePrefix(&purl, "pkg:rpm/")) return std::nullopt;
  absl::string_view qualifiers;
  if (size_t q = purl.find('?'); q != absl::string_view::npos) {
    qualifiers = purl.substr(q + 1);
    purl = purl.substr(0, q);
  }
  CsafPackage out;
  absl::string_view version;
  if (size_t at = purl.find('@'); at != absl::string_view::npos) {
    version = purl.substr(at + 1);
    purl = purl.substr(0, at);
  }
  out.name = PercentDecode(purl.substr(purl.rfind('/') + 1));
  std::string epoch;
  for (absl::string_view pair : absl::StrSplit(qualifiers, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(pair, absl::MaxSplits('=', 1));
    std::string value = PercentDecode(kv.second);
    if (kv.first == "arch") out.arch = value;
    if (kv.first == "epoch") epoch = value;
    if (kv.first == "rpmmod") {
      std::vector<absl::string_view> mod = absl::StrSplit(value, ':');
      if (mod.size() >= 2) out.module = absl::StrCat(mod[0], ":", mod[1]);
    }
  }
  if (!version.empty()) {
    out.evr = PercentDecode(version);
    if (!epoch.empty() && epoch != "0") out.evr = absl::StrCat(epoch, ":", out.evr);
  }
  if (!IsFeedToken(out.name, kMaxFeedNameBytes)) return std::nullopt;
  if (!out.evr.empty() && !IsFeedToken(out.evr, kMaxFeedVersionBytes)) return std::nullopt;
  return out;
}

CsafProducts::CsafProducts(const Json& product_tree) {
  if (const Json* branches = JsonField(product_tree, "branches")) Walk(*branches, 0);
  if (const Json* names = JsonField(product_tree, "full_product_names")) {
    if (names->is_array()) {
      for (const Json& product : *names) AddProduct(product);
    }
  }
  const Json* relationships = JsonField(product_tree, "relationships");
  if (relationships != nullptr && relationships->is_array()) {
    for (const Json& r : *relationships) {
      const Json* full = JsonField(r, "full_product_name");
      if (full == nullptr) continue;
      std::string id = JsonString(*full, "product_id");
      if (id.empty()) continue;
      relations_[id] = {JsonString(r, "relates_to_product_reference"),
                        JsonString(r, "product_reference")};
    }
  }
  for (const auto& [id, p] : packages_) {
    if (p.evr.empty()) continue;
    auto& list = p.arch == "src" ? sources_by_evr_[Key(p.evr, p.module)]
                                 : binaries_by_evr_[Key(p.evr, p.module)];
    if (std::find(list.begin(), list.end(), p.name) == list.end()) list.push_back(p.name);
    if (p.arch != "src") continue;
    auto& by_release = sources_by_release_[Key(Release(p.evr), p.module)];
    if (std::find(by_release.begin(), by_release.end(), p.name) == by_release.end()) {
      by_release.push_back(p.name);
    }
  }
}

void CsafProducts::Walk(const Json& branches, int depth) {
  if (!branches.is_array() || depth > kMaxBranchDepth) return;
  for (const Json& branch : branches) {
    if (const Json* product = JsonField(branch, "product")) AddProduct(*product);
    if (const Json* children = JsonField(branch, "branches")) Walk(*children, depth + 1);
  }
}

void CsafProducts::AddProduct(const Json& product) {
  std::string id = JsonString(product, "product_id");
  const Json* helper = JsonField(product, "product_identification_helper");
  if (id.empty() || helper == nullptr) return;
  std::string cpe = JsonString(*helper, "cpe");
  if (!cpe.empty()) platforms_[id] = RhelDistroFromCpe(cpe);
  if (auto rpm = ParseRpmPurl(JsonString(*helper, "purl"))) {
    packages_[id] = *std::move(rpm);
  } else if (cpe.empty()) {
    other_products_.insert(id);  // an OCI image or another non-rpm component
  }
}

std::optional<CsafProducts::Resolved> CsafProducts::Resolve(absl::string_view product_id) const {
  std::string platform_id, package_id;
  if (auto r = relations_.find(product_id); r != relations_.end()) {
    platform_id = r->second.first;
    package_id = r->second.second;
  } else if (size_t colon = product_id.find(':'); colon != absl::string_view::npos) {
    platform_id = std::string(product_id.substr(0, colon));
    package_id = std::string(product_id.substr(colon + 1));
  } else {
    return std::nullopt;
  }
  std::string distro;
  if (auto p = platforms_.find(platform_id); p != platforms_.end()) {
    distro = p->second;
  } else if (absl::string_view major = platform_id;
             absl::ConsumePrefix(&major, "red_hat_enterprise_linux_")) {
    distro = RhelDistroFromCpe(absl::StrCat("cpe:/o:redhat:enterprise_linux:", major));
  }
  if (distro.empty()) return std::nullopt;
  if (auto p = packages_.find(package_id); p != packages_.end()) {
    return Resolved{distro, p->second};
  }
  // A bare component name without a purl ("red_hat_enterprise_linux_7:pam").
  if (other_products_.count(package_id) || !IsFeedToken(package_id, kMaxFeedNameBytes) ||
      absl::StrContains(package_id, ':')) {
    return std::nullopt;
  }
  return Resolved{distro, CsafPackage{package_id, "", "src", ""}};
}

std::string CsafProducts::SourceName(const CsafPackage& binary) const {
  if (binary.arch == "src" || binary.evr.empty()) return binary.name;
  auto pick = [&](const std::vector<std::string>& names) {
    // Several source rpms of one build: the one whose name prefixes the binary's.
    for (const std::string& n : names) {
      if (binary.name == n || absl::StartsWith(binary.name, n + "-")) return n;
    }
    return names.front();
  };
  if (auto s = sources_by_evr_.find(Key(binary.evr, binary.module)); s != sources_by_evr_.end()) {
    return pick(s->second);
  }
  auto r = sources_by_release_.find(Key(Release(binary.evr), binary.module));
  if (r != sources_by_release_.end() && !Release(binary.evr).empty()) return pick(r->second);
  std::string best = binary.name;
  if (auto b = binaries_by_evr_.find(Key(binary.evr, binary.module)); b != binaries_by_evr_.end()) {
    for (const std::string& n : b->second) {
      if (n.size() < best.size() && absl::StartsWith(binary.name, n + "-")) best = n;
    }
  }
  return best;
}

}  // namespace moat::vulndb
