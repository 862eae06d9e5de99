#include "inventory/os_select.h"

#include <array>

#include "absl/strings/string_view.h"
#include "inventory/os_combine.h"

namespace moat::inventory {
namespace {

constexpr std::array<absl::string_view, 2> kOsRelease = {"/etc/os-release", "/usr/lib/os-release"};

}  // namespace

std::optional<OsInfo> SelectOs(const std::map<std::string, OsInfo>& os_by_path,
                               const image::FilesystemView& view, const image::ScanLimits& limits) {
  std::map<std::string, OsInfo> live = os_by_path;
  // /etc/os-release is usually a symlink to ../usr/lib/os-release: what it says lives under
  // the path it resolves to, so give it back its own name (CombineOsInfo prefers /etc).
  for (absl::string_view path : kOsRelease) {
    auto ref = view.Resolve(path, limits.max_symlink_hops);
    if (!ref.ok()) continue;
    const std::string& real = view.Get(*ref).path;
    if (auto it = os_by_path.find(real); it != os_by_path.end()) {
      live[std::string(path)] = it->second;
      break;
    }
  }
  bool status = view.Lookup("/var/lib/dpkg/status").has_value();
  bool status_d = view.Lookup("/var/lib/dpkg/status.d").has_value();
  return CombineOsInfo(live, IsDpkgDistroless(status, status_d));
}

}  // namespace moat::inventory
