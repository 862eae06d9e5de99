#include "inventory/os_combine.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace moat::inventory {
namespace {

constexpr std::array<absl::string_view, 2> kOsReleaseFiles = {"/etc/os-release",
                                                              "/usr/lib/os-release"};

// Distribution-specific files, most specific first (see os_combine.h).
constexpr std::array<absl::string_view, 10> kReleaseFiles = {
    "/etc/alpine-release", "/etc/lsb-release",    "/etc/rocky-release", "/etc/almalinux-release",
    "/etc/centos-release", "/etc/fedora-release", "/etc/SuSE-release",  "/etc/system-release",
    "/etc/redhat-release", "/etc/debian_version",
};

const OsInfo* Find(const std::map<std::string, OsInfo>& candidates, absl::string_view path) {
  auto it = candidates.find(std::string(path));
  if (it == candidates.end() || it->second.family.empty()) return nullptr;
  return &it->second;
}

void Refine(OsInfo& base, const OsInfo& other) {
  if (other.family != base.family) return;
  if (base.version.empty()) {
    base.version = other.version;
  } else if (other.version.size() > base.version.size() + 1 &&
             absl::StartsWith(other.version, base.version) &&
             other.version[base.version.size()] == '.') {
    base.version = other.version;
  }
  if (base.name.empty()) base.name = other.name;
  if (base.codename.empty()) base.codename = other.codename;
}

}  // namespace

std::optional<OsInfo> CombineOsInfo(const std::map<std::string, OsInfo>& candidates,
                                    bool dpkg_distroless) {
  std::optional<OsInfo> base;
  absl::string_view base_path;
  for (absl::string_view path : kOsReleaseFiles) {
    if (const OsInfo* os = Find(candidates, path); os != nullptr && !base) {
      base = *os;
      base_path = path;
    }
  }
  for (absl::string_view path : kReleaseFiles) {
    const OsInfo* os = Find(candidates, path);
    if (os == nullptr) continue;
    if (!base) {
      base = *os;
      base_path = path;
    } else if (path != base_path) {
      Refine(*base, *os);
    }
  }
  if (!base && dpkg_distroless) {
    base = OsInfo();
    base->family = "debian";
  }
  if (base) base->distroless = dpkg_distroless;
  return base;
}

}  // namespace moat::inventory
