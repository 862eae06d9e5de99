#include "common/severity.h"

#include <string>

#include "absl/strings/ascii.h"

namespace moat {

int FindSeverity(absl::string_view name) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (kSeverityNames[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int SeverityRank(absl::string_view name) {
  int rank = FindSeverity(name);
  return rank < 0 ? kUnknownRank : rank;
}

absl::string_view SeverityName(int rank) {
  if (rank < 0 || rank >= static_cast<int>(kSeverityNames.size())) return "unknown";
  return kSeverityNames[rank];
}

absl::string_view CanonicalSeverity(absl::string_view word) {
  return SeverityName(SeverityRank(absl::AsciiStrToLower(absl::StripAsciiWhitespace(word))));
}

}  // namespace moat
