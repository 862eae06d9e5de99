// Matching an inventory against the database: distro packages by the distro's own advisories
// (source package + release, so backports count), application packages by ecosystem +
// normalised name against OSV ranges. One Vulnerability per (package, vulnerability) with the
// ids of every feed that reported it merged. Never by CPE. See docs/design/matching.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/package.h"
#include "vulndb/advisory.h"
#include "vulndb/database.h"

namespace moat::vulndb {

struct Vulnerability {
  std::string id;                    // CVE id when any feed names one, else the feed's id
  std::vector<std::string> aliases;  // every other id (GHSA, distro ids, GO-, PYSEC-, ...)
  // The package it was found in, as the inventory has it.
  std::string ecosystem;
  std::string package;
  std::string installed_version;
  std::string purl;
  std::string found_in;
  std::string found_in_archive;
  int layer = -1;
  std::string layer_diff_id;
  // OS packages: the distro source package the advisories name, and the distro key.
  std::string source_package;
  std::string distro;
  FixState state = FixState::kFixed;
  std::vector<std::string> fixed_versions;  // lowest first; empty when there is no fix
  std::string fix;       // the suggestion: "upgrade lodash to 4.17.21", "upgrade zlib1g to ..."
  std::string severity;  // critical, high, medium, low, negligible, unknown
  std::string severity_source;  // what `severity` comes from: "cvss:3.1", "vendor:debian", ...
  double cvss_score = 0;
  std::string cvss_vector;
  std::string vendor_severity;  // the distro's rating, kept beside the CVSS-based one
  std::string title;
  std::vector<std::string> references;
  std::vector<std::string> sources;  // feeds that said so
};

struct MatchOptions {
  bool include_not_fixed = true;  // report unfixed / will-not-fix / end-of-life
  int jobs = 0;  // threads for lookups and evaluation; 0: the CPU count (at most 8)
};

// What matching could not do, for warnings: nothing here is ever guessed.
struct MatchStats {
  int64_t packages = 0;               // inventory packages considered
  int64_t unmatched_os_packages = 0;  // OS packages skipped: the OS has no distro key
  std::string distro;                 // the distro key OS packages were matched under ("" none)
  int64_t lookups = 0;                // database lookups (deduplicated per name)
  int64_t entries = 0;                // advisory entries evaluated (not withdrawn ones that apply)
  // Ranges (or npm-range entries) skipped because a version could not be compared, and entries
  // of an ecosystem without a version scheme; with up to kMaxExamples reasons.
  int64_t skipped_ranges = 0;
  std::vector<std::string> skip_examples;
  static constexpr size_t kMaxExamples = 5;
};

// Sorted by severity (worst first), then package, then id.
absl::StatusOr<std::vector<Vulnerability>> MatchInventory(const inventory::Inventory& inventory,
                                                          const VulnDatabase& db,
                                                          const MatchOptions& options = {});
// The same, reporting what was skipped in `stats` (when not null). A database error fails the
// whole match. Thread-safe for distinct `stats`.
absl::StatusOr<std::vector<Vulnerability>> MatchInventory(const inventory::Inventory& inventory,
                                                          const VulnDatabase& db,
                                                          const MatchOptions& options,
                                                          MatchStats* stats);

// Warnings for the CLI from `stats` (empty when nothing was skipped).
std::vector<std::string> MatchWarnings(const MatchStats& stats);

}  // namespace moat::vulndb
