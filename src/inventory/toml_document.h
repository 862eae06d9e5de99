// toml++ behind a Status for untrusted files. Debian builds toml++ with exceptions, so parse
// errors are caught here; dotted keys are bounded first because nested tables are destroyed
// recursively.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "toml++/toml.h"

namespace moat::inventory {

// Most '.' characters outside quotes on one line (each may open a nested table).
inline constexpr int kMaxTomlDotsPerLine = 256;

// The root table of `text`. Errors name `what`: "<what>: invalid TOML at line 3, column 7: ...".
absl::StatusOr<toml::table> ParseTomlDocument(absl::string_view text, absl::string_view what);

// The string value of `key` in `table`, or "" when absent or not a string.
std::string TomlString(const toml::table& table, absl::string_view key);
// The tables of the array `key` ("[[package]]"); non-table elements are skipped.
std::vector<const toml::table*> TomlTables(const toml::table& table, absl::string_view key);

}  // namespace moat::inventory
