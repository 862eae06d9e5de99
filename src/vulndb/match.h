// Matching an inventory against the database: distro packages by the distro's own advisories
// (source package + release, so backports count), application packages by ecosystem +
// normalised name against OSV ranges. One Vulnerability per (package, vulnerability) with the
// ids of every feed that reported it merged.
#pragma once

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
  FixState state = FixState::kFixed;
  std::vector<std::string> fixed_versions;  // lowest first; empty when there is no fix
  std::string fix;  // the suggestion: "upgrade lodash to 4.17.21", "upgrade zlib1g to ..."
  std::string severity;         // critical, high, medium, low, negligible, unknown
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
};

// Sorted by severity (worst first), then package, then id.
absl::StatusOr<std::vector<Vulnerability>> MatchInventory(const inventory::Inventory& inventory,
                                                          const VulnDatabase& db,
                                                          const MatchOptions& options = {});

}  // namespace moat::vulndb
