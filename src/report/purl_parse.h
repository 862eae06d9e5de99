// Reading package URLs back (purl-spec parsing with percent-decoding) and turning a purl into an
// inventory package, for SBOMs written by Moat or other tools.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "inventory/package.h"
#include "inventory/purl.h"

namespace moat::report {

// Parses "pkg:type/namespace/name@version?qualifiers#subpath": components percent-decoded, type
// and qualifier keys lowercased. Tolerates an unencoded '@' in the namespace (npm scopes) and
// "pkg://". Errors (InvalidArgument) say what is missing.
absl::StatusOr<inventory::PackageUrl> ParsePurl(absl::string_view text);

// The value of qualifier `key`, or "".
std::string PurlQualifier(const inventory::PackageUrl& purl, absl::string_view key);

// The package a purl names, as Moat's inventory writes it: npm "@scope/name", maven
// "group:artifact", golang "module/path", composer "vendor/name"; deb and rpm versions with
// "epoch:" from the epoch qualifier; the deb `upstream` qualifier ("glibc" or "glibc@2.36-9")
// as source package. nullopt for purl types Moat has no ecosystem for.
std::optional<inventory::Package> PackageFromPurl(const inventory::PackageUrl& purl);

// The OS a distro qualifier names ("debian-12.15" → debian 12.15; apk purls write only the
// version, "3.19.1", and the family is the namespace). Family names as OsInfo spells them
// ("redhat" → "rhel", "amzn" → "amazon", "almalinux" → "alma"). nullopt when absent.
std::optional<inventory::OsInfo> OsFromPurl(const inventory::PackageUrl& purl);

// An OS family as OsInfo spells it, from a purl namespace or SBOM OS component name.
std::string NormalizeOsFamily(absl::string_view family);

}  // namespace moat::report
