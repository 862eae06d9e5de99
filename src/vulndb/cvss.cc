#include "vulndb/cvss.h"

#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "vulndb/cvss_metrics.h"

namespace moat::vulndb {

absl::string_view CvssVersionName(CvssVersion version) {
  switch (version) {
    case CvssVersion::kV2:
      return "2.0";
    case CvssVersion::kV30:
      return "3.0";
    case CvssVersion::kV31:
      return "3.1";
    case CvssVersion::kV40:
      return "4.0";
  }
  return "3.1";
}

absl::StatusOr<CvssResult> ScoreCvss(absl::string_view vector) {
  absl::string_view text = absl::StripAsciiWhitespace(vector);
  CvssResult result;
  absl::StatusOr<double> score;
  absl::string_view body = text;
  if (absl::ConsumePrefix(&body, "CVSS:3.1/")) {
    result.version = CvssVersion::kV31;
    score = cvss_internal::ScoreV3(text, body, /*v31=*/true);
  } else if (absl::ConsumePrefix(&body, "CVSS:3.0/")) {
    result.version = CvssVersion::kV30;
    score = cvss_internal::ScoreV3(text, body, /*v31=*/false);
  } else if (absl::ConsumePrefix(&body, "CVSS:4.0/")) {
    result.version = CvssVersion::kV40;
    score = cvss_internal::ScoreV4(text, body);
  } else if (absl::ConsumePrefix(&body, "CVSS:2.0/") ||
             (absl::StartsWith(body, "AV:") || absl::StartsWith(body, "(AV:"))) {
    // NVD writes v2 vectors bare and sometimes in parentheses.
    if (absl::ConsumePrefix(&body, "(") && !absl::ConsumeSuffix(&body, ")")) {
      return cvss_internal::VectorError(text, "unbalanced parenthesis");
    }
    result.version = CvssVersion::kV2;
    score = cvss_internal::ScoreV2(text, body);
  } else {
    return cvss_internal::VectorError(
        text, "unknown version (expected CVSS:3.0/, CVSS:3.1/, CVSS:4.0/ or a v2 vector)");
  }
  if (!score.ok()) return score.status();
  result.base_score = *score;
  result.severity = CvssSeverity(result.version, result.base_score);
  return result;
}

std::string CvssSeverity(CvssVersion version, double score) {
  if (version == CvssVersion::kV2) {
    return score >= 7.0 ? "high" : score >= 4.0 ? "medium" : "low";
  }
  if (score >= 9.0) return "critical";
  if (score >= 7.0) return "high";
  if (score >= 4.0) return "medium";
  if (score >= 0.1) return "low";
  return "none";
}

}  // namespace moat::vulndb
