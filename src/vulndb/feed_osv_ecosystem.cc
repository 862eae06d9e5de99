#include "vulndb/feed_osv_ecosystem.h"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "vulndb/feed_text.h"

namespace moat::vulndb {
namespace {

// Application ecosystems: the OSV name and the package-URL type.
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 8> kAppEcosystems = {{
    {"npm", "npm"},
    {"PyPI", "pypi"},
    {"Go", "golang"},
    {"crates.io", "cargo"},
    {"Maven", "maven"},
    {"RubyGems", "gem"},
    {"NuGet", "nuget"},
    {"Packagist", "composer"},
}};

// Distro ecosystems "<Name>:<release>": the OSV name, purl type and distro family.
struct DistroEcosystem {
  absl::string_view osv;
  absl::string_view type;
  absl::string_view family;
};
// Rocky Linux and AlmaLinux are not here: the matcher keys their images as "rhel:N" and
// Red Hat's own data covers their packages.
constexpr std::array<DistroEcosystem, 3> kDistroEcosystems = {{
    {"Debian", "deb", "debian"},
    {"Alpine", "apk", "alpine"},
    {"Ubuntu", "deb", "ubuntu"},
}};

bool IsRelease(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
}

// "22.04:LTS", "Pro:16.04:LTS", "25.10" → "22.04"; FIPS, Realtime and other streams → "".
std::string UbuntuRelease(absl::string_view rest) {
  std::vector<absl::string_view> parts = absl::StrSplit(rest, ':');
  size_t i = parts[0] == "Pro" ? 1 : 0;
  if (i >= parts.size() || !IsRelease(parts[i])) return "";
  return std::string(parts[i]);
}

std::string DistroRelease(absl::string_view family, absl::string_view rest) {
  if (family == "ubuntu") return UbuntuRelease(rest);
  if (family == "alpine") absl::ConsumePrefix(&rest, "v");
  if (family == "debian" && rest == "unstable") return "unstable";
  return IsRelease(rest) ? std::string(rest) : "";
}

}  // namespace

bool MapOsvEcosystem(absl::string_view osv_ecosystem, EcosystemKey* out) {
  for (const auto& [osv, type] : kAppEcosystems) {
    if (osv_ecosystem == osv) {
      *out = {std::string(type), ""};
      return true;
    }
  }
  if (osv_ecosystem == "Wolfi" || osv_ecosystem == "Chainguard") {
    *out = {"apk", absl::AsciiStrToLower(osv_ecosystem)};
    return true;
  }
  for (const DistroEcosystem& d : kDistroEcosystems) {
    absl::string_view rest = osv_ecosystem;
    if (!absl::ConsumePrefix(&rest, d.osv) || !absl::ConsumePrefix(&rest, ":")) continue;
    std::string release = DistroRelease(d.family, rest);
    if (release.empty()) return false;
    *out = {std::string(d.type), absl::StrCat(d.family, ":", release)};
    return true;
  }
  return false;
}

std::string NormalizePackageName(absl::string_view ecosystem, absl::string_view name) {
  if (ecosystem == "pypi") return PypiName(name);
  return std::string(name);
}

}  // namespace moat::vulndb
