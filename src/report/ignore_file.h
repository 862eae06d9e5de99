// The ignore file (`.moatignore`, YAML): findings a team has decided to accept, each with a
// reason and an optional expiry date; an expired entry stops applying and is reported. See
// docs/formats/moatignore.md.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "report/scan_result.h"

namespace moat::report {

struct IgnoreEntry {
  int line = 0;         // where the entry starts in the file, for messages
  std::string id;       // vulnerability id or alias, finding rule id, or finding id
  std::string path;     // glob on the file a finding or vulnerable package was found in
  std::string package;  // package name, or a purl prefix ("pkg:npm/lodash")
  std::string reason;   // required
  std::string expires;  // YYYY-MM-DD; "" never
};

struct IgnoreRules {
  std::string file;
  std::vector<IgnoreEntry> entries;
};

// Parses `text` (from `file`). Errors name the file and the entry's line: unknown fields, an
// entry without a reason or without any of id/path/package, a malformed date.
absl::StatusOr<IgnoreRules> ParseIgnoreFile(absl::string_view text, const std::string& file);

struct IgnoreOutcome {
  int ignored = 0;                    // vulnerabilities and findings removed
  std::vector<std::string> warnings;  // expired entries: "<file>:<line>: expired on <date> ..."
};

// Removes what the unexpired entries match from `result` (vulnerabilities and findings). An
// entry matches when every field it sets matches. `today` is YYYY-MM-DD; an entry applies
// through its expiry day.
IgnoreOutcome ApplyIgnoreRules(const IgnoreRules& rules, absl::string_view today,
                               ScanResult& result);

}  // namespace moat::report
