#include "report/table_format.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace moat::report {

std::string CleanCell(absl::string_view text) {
  std::string out(text);
  for (char& c : out) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) c = '?';
  }
  return out;
}

std::string ShortCell(absl::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t cut = max > 3 ? max - 3 : 0;
  // Back up to the start of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return absl::StrCat(text.substr(0, cut), "...");
}

void AppendAlignedRows(const std::vector<std::vector<std::string>>& rows,
                       absl::Span<const size_t> caps, absl::string_view indent, std::string* out) {
  std::vector<size_t> widths(caps.size(), 0);
  for (const auto& row : rows) {
    for (size_t i = 0; i < widths.size() && i < row.size(); ++i) {
      if (row[i].size() <= caps[i]) widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const auto& row : rows) {
    std::string line(indent);
    for (size_t i = 0; i < row.size(); ++i) {
      absl::StrAppend(&line, row[i]);
      if (i + 1 == row.size() || i >= widths.size()) continue;
      size_t pad = row[i].size() < widths[i] ? widths[i] - row[i].size() : 0;
      line.append(pad + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    absl::StrAppend(out, line, "\n");
  }
}

}  // namespace moat::report
