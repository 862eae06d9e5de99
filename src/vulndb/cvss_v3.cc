// CVSS v3.0 and v3.1 base scores (specification section 7.1 and Appendix A for v3.1's Roundup).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "vulndb/cvss_metrics.h"

namespace moat::vulndb::cvss_internal {
namespace {

constexpr MetricSpec kV3Metrics[] = {
    {"AV", "N|A|L|P", true}, {"AC", "L|H", true},  {"PR", "N|L|H", true}, {"UI", "N|R", true},
    {"S", "U|C", true},      {"C", "H|L|N", true}, {"I", "H|L|N", true},  {"A", "H|L|N", true},
    {"E", "X|H|F|P|U"},      {"RL", "X|U|W|T|O"},  {"RC", "X|C|R|U"},     {"CR", "X|H|M|L"},
    {"IR", "X|H|M|L"},       {"AR", "X|H|M|L"},    {"MAV", "X|N|A|L|P"},  {"MAC", "X|L|H"},
    {"MPR", "X|N|L|H"},      {"MUI", "X|N|R"},     {"MS", "X|U|C"},       {"MC", "X|H|L|N"},
    {"MI", "X|H|L|N"},       {"MA", "X|H|L|N"},
};

double AttackVector(absl::string_view v) {
  return v == "N" ? 0.85 : v == "A" ? 0.62 : v == "L" ? 0.55 : 0.2;
}
double AttackComplexity(absl::string_view v) { return v == "L" ? 0.77 : 0.44; }
double PrivilegesRequired(absl::string_view v, bool scope_changed) {
  if (v == "N") return 0.85;
  if (v == "L") return scope_changed ? 0.68 : 0.62;
  return scope_changed ? 0.5 : 0.27;
}
double UserInteraction(absl::string_view v) { return v == "N" ? 0.85 : 0.62; }
double Impact(absl::string_view v) { return v == "H" ? 0.56 : v == "L" ? 0.22 : 0; }

// v3.0: the smallest number with one decimal that is >= x.
double RoundupV30(double x) { return std::ceil(x * 10) / 10; }

// v3.1 Appendix A: the same, in integer arithmetic so that floating-point noise (4.000000001)
// does not round up a whole tenth.
double RoundupV31(double x) {
  int64_t scaled = std::llround(x * 100000);
  if (scaled % 10000 == 0) return static_cast<double>(scaled) / 100000.0;
  return static_cast<double>(scaled / 10000 + 1) / 10.0;
}

}  // namespace

absl::StatusOr<double> ScoreV3(absl::string_view vector, absl::string_view body, bool v31) {
  auto parsed = ParseMetrics(vector, body, kV3Metrics);
  if (!parsed.ok()) return parsed.status();
  const Metrics& m = *parsed;
  bool changed = m.Get("S") == "C";
  double iss = 1 - (1 - Impact(m.Get("C"))) * (1 - Impact(m.Get("I"))) * (1 - Impact(m.Get("A")));
  double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  double exploitability = 8.22 * AttackVector(m.Get("AV")) * AttackComplexity(m.Get("AC")) *
                          PrivilegesRequired(m.Get("PR"), changed) * UserInteraction(m.Get("UI"));
  if (impact <= 0) return 0.0;
  double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  double capped = std::min(sum, 10.0);
  return v31 ? RoundupV31(capped) : RoundupV30(capped);
}

}  // namespace moat::vulndb::cvss_internal
