// The advisory model: what a feed says about a vulnerability and which package versions it
// affects, normalised from every feed format (OSV, distro trackers, secdb, CSAF, ...).
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::vulndb {

// How a distro (or an OSV record) rates the state of a package for a vulnerability.
enum class FixState {
  kFixed,        // affected below a fixed version (ranges say where)
  kUnfixed,      // affected, no fix released yet ("open", "<unfixed>")
  kWillNotFix,   // the vendor decided not to fix ("<no-dsa>" ignored, "will not fix", "wontfix")
  kEndOfLife,    // the release is out of support; no fix will come
  kNotAffected,  // explicitly not affected (kept so a later feed cannot override silently)
};

struct RangeEvent {
  enum class Kind { kIntroduced, kFixed, kLastAffected, kLimit };
  Kind kind = Kind::kIntroduced;
  std::string version;  // "0" for introduced means "from the beginning"
};

// One OSV-style range: events in order (introduced, fixed / last_affected, introduced, ...).
struct VersionRange {
  enum class Type { kEcosystem, kSemver };  // GIT ranges are dropped at import
  Type type = Type::kEcosystem;
  std::vector<RangeEvent> events;
};

// Which versions of one package (in one distro release, for OS packages) are affected.
struct AffectedPackage {
  // Package-URL type, the same names as inventory::EcosystemName: deb, apk, rpm, npm, pypi,
  // gem, golang, maven, cargo, composer, nuget.
  std::string ecosystem;
  // OS packages: "<family>:<release>" as the matcher looks it up — "debian:12", "ubuntu:22.04",
  // "alpine:3.18", "wolfi", "chainguard", "rhel:9", "amazon:2023". Empty for app packages.
  std::string distro;
  // Normalised name: the distro *source* package for deb/rpm/apk-origin; PyPI per PEP 503;
  // maven "group:artifact"; npm "@scope/name"; golang module path (or "stdlib").
  std::string package;
  std::vector<VersionRange> ranges;
  std::vector<std::string> versions;  // explicitly listed affected versions
  FixState state = FixState::kFixed;
  std::string vendor_severity;  // the distro's own rating (e.g. Debian "low", Ubuntu "medium")
};

struct CvssScore {
  std::string version;  // "2.0", "3.0", "3.1", "4.0"
  std::string vector;   // "CVSS:3.1/AV:N/AC:L/..."
  double base_score = 0;  // computed from the vector when the feed gives none
  std::string source;     // who scored it ("nvd", "ghsa", "redhat", ...)
};

struct Advisory {
  std::string id;                    // GHSA-…, CVE-…, GO-…, RUSTSEC-…, PYSEC-…, DSA-…, USN-…
  std::vector<std::string> aliases;  // other ids of the same vulnerability (CVE ↔ GHSA ↔ …)
  std::string summary;
  std::string details;
  std::vector<std::string> references;  // URLs
  std::vector<CvssScore> cvss;
  // The feed's own rating when it has one: "critical", "high", "medium", "low", "negligible",
  // "unknown" (lowercase).
  std::string severity;
  std::string published;  // RFC 3339 when known
  std::string modified;
  std::string source;  // feed id: "osv", "ghsa", "go-vulndb", "rustsec", "pypa", "npm-wg",
                       // "alpine", "wolfi", "chainguard", "debian", "ubuntu", "redhat"
  bool withdrawn = false;
  std::vector<AffectedPackage> affected;
};

absl::string_view FixStateName(FixState state);  // "fixed", "unfixed", "will-not-fix", ...

}  // namespace moat::vulndb
