// Merges what the live OS release files say into one OsInfo, with a fixed precedence.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "inventory/package.h"

namespace moat::inventory {

// `candidates` maps the path of each live release file (as OsReleaseCataloger reads them:
// "/etc/os-release", "/etc/debian_version", ...) to what it said. Pure; thread-safe.
//
// Precedence:
//  1. The base is /etc/os-release, else /usr/lib/os-release (os-release(5): /etc wins).
//  2. Without os-release, the first present of: alpine-release, lsb-release, rocky-release,
//     almalinux-release, centos-release, fedora-release, SuSE-release, system-release,
//     redhat-release, debian_version. Specific files come before generic ones because
//     redhat-release also exists on CentOS/Rocky/Alma/Oracle, system-release on Fedora and
//     CentOS, and debian_version on Ubuntu ("bookworm/sid").
//  3. Every other candidate of the base's family, in the order above, refines it: a version
//     that extends the base's by a dot ("12" -> "12.15" from debian_version, "7" ->
//     "7.9.2009" from centos-release) replaces it, an empty version is filled, an empty name
//     or codename is filled. Candidates of another family are ignored.
//  4. `dpkg_distroless` (see IsDpkgDistroless) sets OsInfo::distroless; with no candidate at
//     all it yields family "debian" with an empty version, since only Debian-based distroless
//     images keep packages in /var/lib/dpkg/status.d.
// Returns nullopt when there is nothing to say.
std::optional<OsInfo> CombineOsInfo(const std::map<std::string, OsInfo>& candidates,
                                    bool dpkg_distroless = false);

// True for a distroless Debian image: packages live in /var/lib/dpkg/status.d/ and there is no
// /var/lib/dpkg/status (so no dpkg or apt).
inline bool IsDpkgDistroless(bool has_dpkg_status, bool has_dpkg_status_d) {
  return has_dpkg_status_d && !has_dpkg_status;
}

}  // namespace moat::inventory
