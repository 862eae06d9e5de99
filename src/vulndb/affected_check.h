// Whether an installed version is affected by one advisory entry, by the OSV evaluation rules:
// affected when listed in `versions` or inside any range (events sorted by version; introduced
// "0" is before every version; fixed and last_affected end an interval; limit bounds the range).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// The comparisons one entry needs. Schemes may be null (ecosystem without a scheme).
struct VersionRules {
  const VersionScheme* ecosystem = nullptr;  // ECOSYSTEM ranges and `versions`
  const VersionScheme* semver = nullptr;     // SEMVER ranges
  // "npm-range:<range>" entries of `versions` (the npm security-wg convention): whether
  // `version` satisfies the node-semver `range`.
  std::function<absl::StatusOr<bool>(absl::string_view version, absl::string_view range)>
      npm_satisfies;
};

struct AffectedCheck {
  bool affected = false;
  // Fixed versions of the entry's ranges newer than the installed version, in event order.
  std::vector<std::string> fixed_above;
  // Ranges and `npm-range:` entries not evaluated because a version could not be compared (the
  // installed one or an event's); never guessed. `skip_reason` says why the first one was.
  int skipped = 0;
  std::string skip_reason;
};

// Checks `installed` against `entry`'s ranges and versions. Entries without ranges or versions
// affect every version unless their state is kFixed (then nothing can be compared: not
// affected). Thread-safe.
AffectedCheck CheckAffected(const AffectedPackage& entry, absl::string_view installed,
                            const VersionRules& rules);

}  // namespace moat::vulndb
