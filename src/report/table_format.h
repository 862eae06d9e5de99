// Plain-text table helpers shared by the table report's sections: terminal-safe cells and
// aligned columns.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace moat::report {

// Replaces control bytes (and DEL) by '?' so image or feed content cannot emit terminal escape
// sequences.
std::string CleanCell(absl::string_view text);

// `text` cut to `max` bytes (at a UTF-8 boundary) with "..." when it was longer.
std::string ShortCell(absl::string_view text, size_t max);

// Appends `rows` with columns aligned, two spaces apart, each line prefixed by `indent`. A cell
// longer than its column's cap (caps[i], one per column but the last) overflows instead of
// widening the column; the last column is never padded; trailing spaces are trimmed.
void AppendAlignedRows(const std::vector<std::vector<std::string>>& rows,
                       absl::Span<const size_t> caps, absl::string_view indent, std::string* out);

}  // namespace moat::report
