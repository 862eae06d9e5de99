// CVSS vectors: parsing and base scores for v2.0, v3.0, v3.1 and v4.0, and the qualitative
// severity of a score. Vectors come from feeds, so anything malformed is an error, never a crash.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

enum class CvssVersion { kV2, kV30, kV31, kV40 };

// "2.0", "3.0", "3.1", "4.0".
absl::string_view CvssVersionName(CvssVersion version);

struct CvssResult {
  CvssVersion version = CvssVersion::kV31;
  double base_score = 0;  // 0.0 .. 10.0, one decimal
  std::string severity;   // as CvssSeverity
};

// Parses and scores a vector:
//   "CVSS:3.0/…", "CVSS:3.1/…" — base score per the v3.0 / v3.1 specification (section 7.1);
//     temporal and environmental metrics are validated but do not change the base score.
//   "CVSS:4.0/…" — CVSS-B/BT/BE/BTE score by the v4.0 MacroVector lookup and interpolation
//     (threat and environmental metrics count, as the specification defines).
//   "AV:N/AC:L/Au:N/C:P/I:P/A:P" (optionally in parentheses or after "CVSS:2.0/") — v2 base.
// Every mandatory base metric must be present exactly once; metrics may come in any order.
// Errors (InvalidArgument) name the vector and the reason: unknown prefix, unknown or duplicate
// metric, invalid value, missing base metric.
absl::StatusOr<CvssResult> ScoreCvss(absl::string_view vector);

// The qualitative rating of a score: "none" (0.0), "low", "medium", "high", "critical" for
// v3/v4 (0.1-3.9, 4.0-6.9, 7.0-8.9, 9.0-10.0); v2 has no critical (NVD: 7.0-10.0 is "high",
// 0.0-3.9 "low").
std::string CvssSeverity(CvssVersion version, double score);

}  // namespace moat::vulndb
