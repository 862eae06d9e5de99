#include "inventory/os_select.h"

#include <array>

#include "absl/strings/string_view.h"

namespace moat::inventory {
namespace {

// Most precise first: distro-specific release files refine what os-release says.
constexpr std::array<absl::string_view, 2> kOsRelease = {"/etc/os-release", "/usr/lib/os-release"};

// Placeholder precedence until the OS catalogers' own combiner lands: os-release is the base,
// a release file of the same family with a longer version refines it.
OsInfo Combine(const std::map<std::string, OsInfo>& live) {
  OsInfo base;
  for (absl::string_view path : kOsRelease) {
    if (auto it = live.find(std::string(path)); it != live.end()) base = it->second;
  }
  for (const auto& [path, os] : live) {
    if (base.family.empty()) {
      base = os;
      continue;
    }
    if (os.family == base.family && os.version.size() > base.version.size() &&
        os.version.compare(0, base.version.size(), base.version) == 0) {
      base.version = os.version;
    }
  }
  return base;
}

}  // namespace

std::optional<OsInfo> SelectOs(const std::map<std::string, OsInfo>& os_by_path,
                               const image::FilesystemView& view, const image::ScanLimits& limits) {
  std::map<std::string, OsInfo> live;
  for (absl::string_view path : kOsRelease) {
    auto ref = view.Resolve(path, limits.max_symlink_hops);
    if (!ref.ok()) continue;
    const std::string& real = view.Get(*ref).path;
    if (auto it = os_by_path.find(real); it != os_by_path.end()) {
      live[std::string(path)] = it->second;
      break;
    }
  }
  for (const auto& [path, os] : os_by_path) {
    if (path != "/etc/os-release" && path != "/usr/lib/os-release") live[path] = os;
  }
  if (live.empty()) return std::nullopt;
  OsInfo os = Combine(live);
  os.distroless = !view.Lookup("/var/lib/dpkg/status") && view.Lookup("/var/lib/dpkg/status.d");
  return os;
}

}  // namespace moat::inventory
