// OSV ecosystem names ("PyPI", "Go", "Debian:12", "Ubuntu:Pro:22.04:LTS", "Alpine:v3.18", ...)
// mapped to Moat's package-URL type and distro key, and package names normalised per type.
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace moat::vulndb {

struct EcosystemKey {
  std::string ecosystem;  // package-URL type: "npm", "pypi", "deb", ...
  std::string distro;     // "debian:12", "ubuntu:22.04", "alpine:3.18", "wolfi"; "" for apps
};

// False for ecosystems Moat does not match (Hex, Pub, CRAN, SwiftURL, GitHub Actions, Linux,
// Rocky Linux, AlmaLinux, Ubuntu FIPS/Realtime streams, ...): the importer drops those entries.
bool MapOsvEcosystem(absl::string_view osv_ecosystem, EcosystemKey* out);

// The package name as the matcher looks it up: PyPI names per PEP 503; npm, Maven
// ("group:artifact"), Go module paths and distro source packages as written.
std::string NormalizePackageName(absl::string_view ecosystem, absl::string_view name);

}  // namespace moat::vulndb
