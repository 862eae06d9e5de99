// Internal to the CVSS scorers: the metric table of one CVSS version, a vector parsed against it,
// and the per-version scorers that cvss.cc dispatches to.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace moat::vulndb::cvss_internal {

struct MetricSpec {
  absl::string_view name;
  absl::string_view values;  // the allowed values, '|'-separated: "N|A|L|P"
  bool required = false;     // a base metric: the vector must name it
};

// The values of one vector, one per spec entry; each points into the (static) spec table, so a
// Metrics outlives the text it was parsed from.
class Metrics {
 public:
  Metrics(absl::Span<const MetricSpec> specs, std::vector<absl::string_view> values)
      : specs_(specs), values_(std::move(values)) {}
  // The value of `name`, "X" (not defined) when the vector leaves it out.
  absl::string_view Get(absl::string_view name) const;

 private:
  absl::Span<const MetricSpec> specs_;
  std::vector<absl::string_view> values_;
};

// Parses "K:V/K:V/..." (`body`, the vector after its version prefix) against `specs`. `vector`
// is the whole text, for error messages.
absl::StatusOr<Metrics> ParseMetrics(absl::string_view vector, absl::string_view body,
                                     absl::Span<const MetricSpec> specs);

// InvalidArgument `invalid CVSS vector "<vector, escaped and shortened>": <reason>`.
absl::Status VectorError(absl::string_view vector, absl::string_view reason);

// Base scores; `vector` is the whole text, `body` what follows the prefix.
absl::StatusOr<double> ScoreV2(absl::string_view vector, absl::string_view body);
absl::StatusOr<double> ScoreV3(absl::string_view vector, absl::string_view body, bool v31);
absl::StatusOr<double> ScoreV4(absl::string_view vector, absl::string_view body);

}  // namespace moat::vulndb::cvss_internal
