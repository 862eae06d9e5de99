// Builds one finding (Vulnerability) from the advisory entries of one vulnerability that apply
// to one package: state, fixed versions and fix suggestion, severity, title, references.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inventory/package.h"
#include "vulndb/affected_check.h"
#include "vulndb/match.h"
#include "vulndb/match_merge.h"
#include "vulndb/match_severity.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// One entry that applies to the package, with its verdict.
struct EvaluatedHit {
  MatchHit hit;
  const AffectedCheck* check = nullptr;  // owned by the caller
  bool not_affected = false;             // the entry's state is kNotAffected (and it applies)
};

struct FindingContext {
  const inventory::Package* package = nullptr;
  std::string source_package;  // OS packages: the name looked up
  std::string distro;
  const VersionScheme* scheme = nullptr;  // orders fixed versions; may be null
  CvssCache* cvss = nullptr;              // may be null
};

// The finding for `group` (indices into `hits`), or nullopt when an entry says not-affected
// (a vendor's statement wins) or the state is not fixed and options exclude that.
std::optional<Vulnerability> BuildFinding(const HitGroup& group,
                                          const std::vector<EvaluatedHit>& hits,
                                          const FindingContext& context,
                                          const MatchOptions& options);

}  // namespace moat::vulndb
