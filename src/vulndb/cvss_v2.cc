// CVSS v2 base score (the v2 guide, section 3.2.1), rounded to one decimal.
#include <algorithm>
#include <cmath>

#include "vulndb/cvss_metrics.h"

namespace moat::vulndb::cvss_internal {
namespace {

constexpr MetricSpec kV2Metrics[] = {
    {"AV", "L|A|N", true}, {"AC", "H|M|L", true},     {"Au", "M|S|N", true}, {"C", "N|P|C", true},
    {"I", "N|P|C", true},  {"A", "N|P|C", true},      {"E", "U|POC|F|H|ND"}, {"RL", "OF|TF|W|U|ND"},
    {"RC", "UC|UR|C|ND"},  {"CDP", "N|L|LM|MH|H|ND"}, {"TD", "N|L|M|H|ND"},  {"CR", "L|M|H|ND"},
    {"IR", "L|M|H|ND"},    {"AR", "L|M|H|ND"},
};

double AccessVector(absl::string_view v) { return v == "L" ? 0.395 : v == "A" ? 0.646 : 1.0; }
double AccessComplexity(absl::string_view v) { return v == "H" ? 0.35 : v == "M" ? 0.61 : 0.71; }
double Authentication(absl::string_view v) { return v == "M" ? 0.45 : v == "S" ? 0.56 : 0.704; }
double ImpactValue(absl::string_view v) { return v == "N" ? 0 : v == "P" ? 0.275 : 0.660; }

}  // namespace

absl::StatusOr<double> ScoreV2(absl::string_view vector, absl::string_view body) {
  auto parsed = ParseMetrics(vector, body, kV2Metrics);
  if (!parsed.ok()) return parsed.status();
  const Metrics& m = *parsed;
  double impact = 10.41 * (1 - (1 - ImpactValue(m.Get("C"))) * (1 - ImpactValue(m.Get("I"))) *
                                   (1 - ImpactValue(m.Get("A"))));
  double exploitability =
      20 * AccessVector(m.Get("AV")) * AccessComplexity(m.Get("AC")) * Authentication(m.Get("Au"));
  double f_impact = impact == 0 ? 0 : 1.176;
  double score = ((0.6 * impact) + (0.4 * exploitability) - 1.5) * f_impact;
  // Round half up at one decimal; the epsilon keeps 6.45 computed as 6.4499999 from rounding down.
  return std::max(0.0, std::floor(score * 10 + 0.5 + 1e-9) / 10);
}

}  // namespace moat::vulndb::cvss_internal
