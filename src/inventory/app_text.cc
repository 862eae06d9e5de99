#include "inventory/app_text.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace moat::inventory {

std::vector<absl::string_view> SplitTextLines(absl::string_view text) {
  std::vector<absl::string_view> lines;
  while (!text.empty()) {
    size_t end = text.find('\n');
    absl::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == absl::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

absl::string_view StripQuotes(absl::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front()) {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

absl::string_view StripUtf8Bom(absl::string_view text) {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  return text;
}

int LeadingSpaces(absl::string_view line) {
  int n = 0;
  while (n < static_cast<int>(line.size()) && line[n] == ' ') ++n;
  return n;
}

bool IsPlainVersion(absl::string_view version) {
  if (version.empty() || version.size() > 128) return false;
  if (!absl::ascii_isalnum(static_cast<unsigned char>(version[0]))) return false;
  for (char c : version) {
    unsigned char u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) continue;
    if (c == '.' || c == '+' || c == '-' || c == '_' || c == '!' || c == '~') continue;
    return false;
  }
  return true;
}

std::string FileMessage(absl::string_view path, absl::string_view reason) {
  return absl::StrCat(path, ": ", reason);
}

}  // namespace moat::inventory
