#include "vulndb/match_keys.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::vulndb {
namespace {

// Debian releases by codename, for images whose os-release has no VERSION_ID (sid, distroless).
constexpr std::pair<absl::string_view, absl::string_view> kDebianCodenames[] = {
    {"jessie", "8"},    {"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"},
    {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},
};

// The first `parts` dot-separated numeric components of `version` ("3.18.4", 2 → "3.18"), or ""
// when it has fewer or a component is not a number.
std::string NumericPrefix(absl::string_view version, int parts) {
  std::vector<absl::string_view> pieces = absl::StrSplit(version, '.');
  if (static_cast<int>(pieces.size()) < parts) return "";
  std::string out;
  for (int i = 0; i < parts; ++i) {
    int unused;
    if (pieces[i].empty() || !absl::SimpleAtoi(pieces[i], &unused)) return "";
    absl::StrAppend(&out, i == 0 ? "" : ".", pieces[i]);
  }
  return out;
}

std::string DebianRelease(const inventory::OsInfo& os) {
  std::string major = NumericPrefix(os.version, 1);
  if (!major.empty()) return major;
  for (const auto& [codename, release] : kDebianCodenames) {
    if (os.codename == codename) return std::string(release);
  }
  return "";
}

std::string AlpineRelease(absl::string_view version) {
  if (absl::StrContains(version, "_alpha") || absl::StrContains(version, "edge")) return "edge";
  return NumericPrefix(version, 2);
}

std::string AmazonRelease(absl::string_view version) {
  std::string major = NumericPrefix(version, 1);
  // Amazon Linux 1 versions are dates ("2018.03"); 2 and 2023 are plain release numbers.
  if (major.size() == 4 && absl::StrContains(version, ".")) return "1";
  return major;
}

std::string Keyed(absl::string_view family, const std::string& release) {
  return release.empty() ? "" : absl::StrCat(family, ":", release);
}

bool IsPypiSeparator(char c) { return c == '-' || c == '_' || c == '.'; }

std::string PypiNormalize(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (IsPypiSeparator(name[i])) {
      if (out.empty() || out.back() != '-') out.push_back('-');
      continue;
    }
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(name[i])));
  }
  return out;
}

}  // namespace

std::string DistroKey(const inventory::OsInfo& os) {
  const std::string& family = os.family;
  if (family == "debian") return Keyed("debian", DebianRelease(os));
  if (family == "ubuntu") return Keyed("ubuntu", NumericPrefix(os.version, 2));
  if (family == "alpine") return Keyed("alpine", AlpineRelease(os.version));
  if (family == "wolfi" || family == "chainguard") return family;
  if (family == "rhel" || family == "centos" || family == "rocky" || family == "alma") {
    return Keyed("rhel", NumericPrefix(os.version, 1));
  }
  if (family == "amazon") return Keyed("amazon", AmazonRelease(os.version));
  if (family == "oracle" || family == "fedora") return Keyed(family, NumericPrefix(os.version, 1));
  if (family.empty() || os.version.empty()) return "";
  return absl::StrCat(family, ":", os.version);
}

std::string MatchPackageName(absl::string_view ecosystem, absl::string_view name) {
  if (ecosystem == "pypi") return PypiNormalize(name);
  if (ecosystem == "nuget" || ecosystem == "composer") return absl::AsciiStrToLower(name);
  return std::string(name);
}

std::vector<std::string> LookupNames(const inventory::Package& package) {
  if (inventory::IsOsEcosystem(package.ecosystem)) {
    return {package.source_name.empty() ? package.name : package.source_name};
  }
  absl::string_view ecosystem = inventory::EcosystemName(package.ecosystem);
  std::vector<std::string> names = {MatchPackageName(ecosystem, package.name)};
  if (names.front() != package.name) names.push_back(package.name);
  return names;
}

std::string MatchVersion(const inventory::Package& package) {
  if (inventory::IsOsEcosystem(package.ecosystem) && !package.source_version.empty()) {
    return package.source_version;
  }
  return package.version;
}

}  // namespace moat::vulndb
