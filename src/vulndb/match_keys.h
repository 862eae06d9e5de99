// How the matcher finds an inventory package in the database: the distro key of an OS
// ("debian:12"), the name an advisory uses for a package (PEP 503, lowercase NuGet/Composer,
// the distro source package), and the version compared against advisory ranges.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "inventory/package.h"

namespace moat::vulndb {

// "<family>:<release>" as distro feeds are keyed, or "" when the OS has no key (unknown family,
// no version). debian 12.15 → "debian:12" (codename when the version is missing: bookworm →
// "debian:12"); ubuntu 22.04 → "ubuntu:22.04"; alpine 3.18.4 → "alpine:3.18" ("edge" for
// edge/_alpha versions); wolfi → "wolfi"; chainguard → "chainguard"; rhel, centos, rocky, alma
// 9.x → "rhel:9" (rebuilds of RHEL share its source packages and fixes); amazon 2023 →
// "amazon:2023", 2 → "amazon:2", 2018.03 → "amazon:1"; oracle 9.x → "oracle:9"; fedora 39 →
// "fedora:39"; other families "<family>:<version>".
std::string DistroKey(const inventory::OsInfo& os);

// The name advisories use for an application package of `ecosystem`: PyPI per PEP 503
// (lowercase, runs of "-_." as one "-"), NuGet and Composer lowercase, others as written
// (npm "@scope/name", maven "group:artifact", golang module path or "stdlib").
std::string MatchPackageName(absl::string_view ecosystem, absl::string_view name);

// The names to look the package up by, most specific first, without duplicates: OS packages by
// source package (falling back to the binary name); application packages by the normalised
// name, then the name as written when it differs (feeds that keep the original case).
std::vector<std::string> LookupNames(const inventory::Package& package);

// The version compared against advisories: OS packages the source package version when the
// inventory knows it (binNMU "+b1" rebuilds and subpackages carry the source's fixes), else
// the package version; both keep their epoch. Application packages their version.
std::string MatchVersion(const inventory::Package& package);

}  // namespace moat::vulndb
