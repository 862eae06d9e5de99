#include "inventory/purl.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace moat::inventory {
namespace {

// How Trivy names an OS family in the distro qualifier and in the purl namespace.
struct OsFamilyNames {
  absl::string_view family;      // OsInfo::family (and common os-release IDs)
  absl::string_view distro;      // prefix of the distro qualifier: "<distro>-<version>"
  absl::string_view namespace_;  // purl namespace
};

constexpr std::array<OsFamilyNames, 27> kOsFamilies = {{
    {"debian", "debian", "debian"},
    {"ubuntu", "ubuntu", "ubuntu"},
    {"alpine", "alpine", "alpine"},
    {"wolfi", "wolfi", "wolfi"},
    {"chainguard", "chainguard", "chainguard"},
    {"rhel", "redhat", "redhat"},
    {"redhat", "redhat", "redhat"},
    {"centos", "centos", "centos"},
    {"rocky", "rocky", "rocky"},
    {"alma", "alma", "alma"},
    {"almalinux", "alma", "alma"},
    {"fedora", "fedora", "fedora"},
    {"amazon", "amazon", "amazon"},
    {"amzn", "amazon", "amazon"},
    {"oracle", "oracle", "oracle"},
    {"ol", "oracle", "oracle"},
    {"photon", "photon", "photon"},
    {"cbl-mariner", "cbl-mariner", "cbl-mariner"},
    {"mariner", "cbl-mariner", "cbl-mariner"},
    {"azurelinux", "azurelinux", "azurelinux"},
    {"sles", "sles", "suse"},
    {"sle-micro", "slem", "suse"},
    {"slem", "slem", "suse"},
    {"opensuse", "opensuse", "opensuse"},
    {"opensuse-leap", "opensuse-leap", "opensuse"},
    {"opensuse-tumbleweed", "opensuse-tumbleweed", "opensuse"},
    {"minimos", "minimos", "minimos"},
}};

const OsFamilyNames* FindOsFamily(absl::string_view family) {
  for (const auto& names : kOsFamilies) {
    if (absl::EqualsIgnoreCase(names.family, family)) return &names;
  }
  return nullptr;
}

std::string DistroPrefix(absl::string_view family) {
  const OsFamilyNames* names = FindOsFamily(family);
  return names != nullptr ? std::string(names->distro) : absl::AsciiStrToLower(family);
}

// Splits "a/b/c" at the last '/' into ("a/b", "c"); no '/' gives ("", text).
std::pair<std::string, std::string> SplitLastSlash(absl::string_view text) {
  size_t slash = text.rfind('/');
  if (slash == absl::string_view::npos) return {"", std::string(text)};
  return {std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

// PyPI names compare lowercased with runs of '-', '_' and '.' folded to one '-' (PEP 503).
std::string NormalizePypiName(absl::string_view name) {
  std::string out;
  bool in_run = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_run) out.push_back('-');
      in_run = true;
    } else {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
      in_run = false;
    }
  }
  return out;
}

// deb and rpm versions carry "epoch:" in Package::version; the purl keeps the epoch in a
// qualifier (as Trivy does) so the version is the one the distro's archive shows.
void SplitEpoch(const Package& package, std::string* version, int* epoch) {
  absl::string_view text = package.version;
  *epoch = package.epoch;
  size_t colon = text.find(':');
  if (colon != absl::string_view::npos && colon > 0) {
    int parsed = 0;
    if (absl::SimpleAtoi(text.substr(0, colon), &parsed) && parsed >= 0) {
      if (*epoch == 0) *epoch = parsed;
      text.remove_prefix(colon + 1);
    }
  }
  *version = std::string(text);
}

void FillOsPackage(const Package& package, const std::optional<OsInfo>& os, PackageUrl* purl) {
  int epoch = 0;
  if (package.ecosystem == Ecosystem::kApk) {
    purl->name = absl::AsciiStrToLower(package.name);
    purl->version = package.version;
  } else {
    SplitEpoch(package, &purl->version, &epoch);
  }
  purl->qualifiers.emplace_back("arch", package.arch);
  if (epoch > 0) purl->qualifiers.emplace_back("epoch", absl::StrCat(epoch));
  if (!os.has_value()) return;
  purl->namespace_ = PurlOsNamespace(os->family);
  if (os->version.empty()) return;
  // Trivy writes "debian-12.15" and "redhat-9.3" but only "3.20.3" for Alpine-like families.
  purl->qualifiers.emplace_back("distro",
                                package.ecosystem == Ecosystem::kApk
                                    ? os->version
                                    : absl::StrCat(DistroPrefix(os->family), "-", os->version));
}

void FillAppPackage(const Package& package, PackageUrl* purl) {
  switch (package.ecosystem) {
    case Ecosystem::kNpm:  // "@scope/name" -> namespace "@scope"
    case Ecosystem::kGolang:
    case Ecosystem::kComposer:
      std::tie(purl->namespace_, purl->name) = SplitLastSlash(absl::AsciiStrToLower(package.name));
      break;
    case Ecosystem::kPypi:
      purl->name = NormalizePypiName(package.name);
      break;
    case Ecosystem::kMaven: {
      std::vector<absl::string_view> parts = absl::StrSplit(package.name, ':');
      if (parts.size() >= 2) {
        purl->namespace_ = std::string(parts[0]);
        purl->name = std::string(parts[1]);
      } else {
        purl->name = package.name;
      }
      break;
    }
    default:
      purl->name = package.name;
      break;
  }
}

bool IsAllowed(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' || c == ':';
}

// Encodes each '/'-separated segment, dropping empty ones (and "." / ".." when `subpath`).
std::string EncodeSegments(absl::string_view text, bool subpath) {
  std::vector<std::string> segments;
  for (absl::string_view segment : absl::StrSplit(text, '/')) {
    if (segment.empty()) continue;
    if (subpath && (segment == "." || segment == "..")) continue;
    segments.push_back(PurlEncode(segment));
  }
  return absl::StrJoin(segments, "/");
}

}  // namespace

std::string PurlEncode(absl::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (IsAllowed(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string PackageUrl::ToString() const {
  std::string out = absl::StrCat("pkg:", absl::AsciiStrToLower(type), "/");
  std::string ns = EncodeSegments(namespace_, /*subpath=*/false);
  if (!ns.empty()) absl::StrAppend(&out, ns, "/");
  absl::StrAppend(&out, PurlEncode(name));
  if (!version.empty()) absl::StrAppend(&out, "@", PurlEncode(version));
  std::vector<std::pair<std::string, std::string>> sorted;
  for (const auto& [key, value] : qualifiers) {
    if (!key.empty() && !value.empty()) sorted.emplace_back(absl::AsciiStrToLower(key), value);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "?" : "&", sorted[i].first, "=", PurlEncode(sorted[i].second));
  }
  std::string sub = EncodeSegments(subpath, /*subpath=*/true);
  if (!sub.empty()) absl::StrAppend(&out, "#", sub);
  return out;
}

std::string PurlOsNamespace(absl::string_view family) {
  const OsFamilyNames* names = FindOsFamily(family);
  return names != nullptr ? std::string(names->namespace_) : absl::AsciiStrToLower(family);
}

std::string MakePurl(const Package& package, const std::optional<OsInfo>& os) {
  if (package.name.empty()) return "";
  PackageUrl purl;
  purl.type = std::string(EcosystemName(package.ecosystem));
  purl.name = package.name;
  purl.version = package.version;
  if (IsOsEcosystem(package.ecosystem)) {
    FillOsPackage(package, os, &purl);
  } else {
    FillAppPackage(package, &purl);
  }
  if (purl.name.empty()) return "";
  return purl.ToString();
}

}  // namespace moat::inventory
