#include "vulndb/feed_text.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/severity.h"
#include "vulndb/feed_output.h"

namespace moat::vulndb {
namespace {

// Vendor words for the severities of common/severity.h (whose own names map to themselves).
constexpr std::array<std::pair<absl::string_view, absl::string_view>, 8> kSeverityWords = {{
    {"urgent", "critical"},
    {"important", "high"},
    {"moderate", "medium"},
    {"unimportant", "negligible"},
    {"none", "negligible"},
    {"untriaged", "unknown"},
    {"not yet assigned", "unknown"},
    {"unassigned", "unknown"},
}};

constexpr std::array<absl::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool IsDigits(absl::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), absl::ascii_isdigit);
}

}  // namespace

bool IsFeedId(absl::string_view id) {
  if (id.empty() || id.size() > kMaxFeedIdBytes) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool IsFeedToken(absl::string_view text, size_t max_bytes) {
  if (text.empty() || text.size() > max_bytes) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u != 0x7f;
  });
}

std::string CutText(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) so that no sequence is split.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

std::string NormalizeSeverity(absl::string_view word) {
  std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(word));
  while (!lower.empty() && lower.back() == '*') lower.pop_back();
  if (lower.empty()) return "";
  if (FindSeverity(lower) >= 0) return lower;
  for (const auto& [from, to] : kSeverityWords) {
    if (lower == from) return std::string(to);
  }
  return "unknown";
}

std::string PypiName(absl::string_view name) {
  std::string out;
  out.reserve(name.size());
  bool in_separator = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      if (!in_separator) out.push_back('-');
      in_separator = true;
      continue;
    }
    in_separator = false;
    out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

CvssScore CvssFromVector(absl::string_view vector, absl::string_view source) {
  CvssScore score;
  score.vector = std::string(absl::StripAsciiWhitespace(vector));
  score.source = std::string(source);
  absl::string_view v = score.vector;
  if (absl::ConsumePrefix(&v, "CVSS:")) {
    score.version = std::string(v.substr(0, v.find('/')));
  } else if (absl::StrContains(v, "Au:")) {
    score.version = "2.0";
  }
  return score;
}

void AddUnique(std::vector<std::string>& list, std::string value) {
  if (value.empty()) return;
  if (std::find(list.begin(), list.end(), value) != list.end()) return;
  list.push_back(std::move(value));
}

std::string DateToTimestamp(absl::string_view date) {
  std::vector<absl::string_view> parts = absl::StrSplit(date, absl::ByAnyChar("- "));
  if (parts.size() != 3) return std::string(date);
  if (parts[0].size() == 4 && IsDigits(parts[0]) && parts[1].size() == 2 && IsDigits(parts[1]) &&
      parts[2].size() == 2 && IsDigits(parts[2])) {
    return absl::StrCat(date, "T00:00:00Z");
  }
  // "29 Mar 2023" (Debian DSA/DLA lists).
  auto month = std::find(kMonths.begin(), kMonths.end(), parts[1]);
  if (parts[0].size() == 2 && IsDigits(parts[0]) && month != kMonths.end() &&
      parts[2].size() == 4 && IsDigits(parts[2])) {
    int number = static_cast<int>(month - kMonths.begin()) + 1;
    return absl::StrCat(parts[2], "-", number < 10 ? "0" : "", number, "-", parts[0], "T00:00:00Z");
  }
  return std::string(date);
}

}  // namespace moat::vulndb
