// The severity a finding shows: for OS packages the distro's own rating when it has one (as
// Trivy shows it), else the CVSS score of the best vector; for application packages the CVSS
// score of the best vector, else the feed's rating. See docs/design/matching.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "vulndb/advisory.h"
#include "vulndb/cvss.h"

namespace moat::vulndb {

struct SeverityChoice {
  std::string severity;         // critical, high, medium, low, negligible, unknown
  std::string severity_source;  // "cvss:3.1", "vendor:debian", "feed:ghsa", "" (unknown)
  double cvss_score = 0;
  std::string cvss_vector;
  std::string vendor_severity;  // the distro's (OS) or the feed's (application) own rating
};

// Scores of the vectors one thread has seen: feeds repeat a few hundred vectors thousands of
// times. Not thread-safe.
class CvssCache {
 public:
  // The vector's score, or nullptr when it does not parse.
  const CvssResult* Score(const std::string& vector);

 private:
  absl::flat_hash_map<std::string, std::optional<CvssResult>> scores_;
};

// One advisory entry of a finding.
struct SeverityInput {
  const Advisory* advisory = nullptr;
  const AffectedPackage* entry = nullptr;
};

// Chooses among every rating and vector of the inputs. The best vector is CVSS v3.1, then v4.0,
// v3.0, v2.0 (v3.1 is what nearly every feed and NVD give, so scores compare across findings);
// within a version a vector scored by the source of the shown rating comes first, then NVD's,
// then the highest score. Vectors that do not parse are ignored.
// `cache` may be null.
SeverityChoice ChooseSeverity(const std::vector<SeverityInput>& inputs, bool os_package,
                              CvssCache* cache = nullptr);

}  // namespace moat::vulndb
