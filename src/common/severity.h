// Moat's one severity scale, worst first, and the words that name it. Reports, feeds, policies,
// the center and Harbor's adapter all rank severities by this order.
#pragma once

#include <array>

#include "absl/strings/string_view.h"

namespace moat {

// The severity names, worst first; a severity's rank is its index here.
inline constexpr std::array<absl::string_view, 6> kSeverityNames = {
    "critical", "high", "medium", "low", "negligible", "unknown"};
inline constexpr int kNegligibleRank = 4;
inline constexpr int kUnknownRank = 5;  // the last: every word that names no severity

// The index of `name` in kSeverityNames (exact, lowercase), or -1 when it names none.
int FindSeverity(absl::string_view name);

// The index of `name` in kSeverityNames; any other word ranks as unknown.
int SeverityRank(absl::string_view name);

// kSeverityNames[rank]; "unknown" for a rank outside it.
absl::string_view SeverityName(int rank);

// A severity word in any case, with white space around it: the name it spells, else "unknown".
absl::string_view CanonicalSeverity(absl::string_view word);

}  // namespace moat
