// Internal: the published data tables of the CVSS v4.0 scoring algorithm (cvss_v4_tables.cc).
#pragma once

#include <array>

#include "absl/strings/string_view.h"

namespace moat::vulndb::cvss_internal {

inline constexpr int kMacroVectorCount = 270;

struct MacroVectorScore {
  const char* macro_vector;  // six digits, EQ1..EQ6
  double score;
};
extern const MacroVectorScore kMacroVectorScores[kMacroVectorCount];

// Up to five "K:V/K:V" vectors; unused slots are empty.
using MaxVectors = std::array<absl::string_view, 5>;
extern const MaxVectors kEq1Maxes[3];
extern const MaxVectors kEq2Maxes[2];
extern const MaxVectors kEq3Eq6Maxes[3][2];
extern const MaxVectors kEq4Maxes[3];
extern const MaxVectors kEq5Maxes[3];

extern const int kEq1Depth[3];
extern const int kEq2Depth[2];
extern const int kEq3Eq6Depth[3][2];
extern const int kEq4Depth[3];

}  // namespace moat::vulndb::cvss_internal
