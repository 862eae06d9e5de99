// Merging what several feeds say about one package into one finding per vulnerability: ids
// that name each other (CVE ↔ GHSA ↔ PYSEC ↔ GO ↔ DSA, as id or alias) are one vulnerability,
// found by union-find over the ids of the advisory entries that apply to the package.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "vulndb/advisory.h"

namespace moat::vulndb {

// One advisory entry that applies to a package (by name; affected or not).
struct MatchHit {
  const Advisory* advisory = nullptr;
  const AffectedPackage* entry = nullptr;
  // Set when `advisory` bundles several CVEs (a DSA, USN or RHSA listing many): this hit stands
  // for that one CVE, so a bundle never merges distinct CVEs into one finding.
  std::string cve;
  size_t origin = 0;  // the caller's index for this hit, kept by SplitBundles
};

struct HitGroup {
  std::string id;                    // the primary id: a CVE when any id is one, else a GHSA,
                                     // else the smallest id
  std::vector<std::string> aliases;  // every other id, sorted
  std::vector<size_t> hits;          // indices into the grouped hits, ascending
};

// Replaces each hit of a bundle advisory (two or more CVE ids among its id and aliases) by one
// hit per CVE.
std::vector<MatchHit> SplitBundles(const std::vector<MatchHit>& hits);

// Groups hits that share an id. A bundle hit joins only through its CVE; its own id and other
// aliases are listed as aliases without joining. Groups are ordered by their first hit.
std::vector<HitGroup> GroupHits(const std::vector<MatchHit>& hits);

}  // namespace moat::vulndb
