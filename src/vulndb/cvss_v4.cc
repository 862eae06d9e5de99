// CVSS v4.0 scores (specification section 8.2): the vector's MacroVector (six equivalence
// classes) gives the score of its highest-severity vectors; the score is then lowered by the
// mean, over the classes, of the vector's severity distance from a highest-severity vector as a
// proportion of the class depth, times the score gap to the next lower MacroVector.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "vulndb/cvss_metrics.h"
#include "vulndb/cvss_v4_tables.h"

namespace moat::vulndb::cvss_internal {
namespace {

constexpr MetricSpec kV4Metrics[] = {
    // Base
    {"AV", "N|A|L|P", true},
    {"AC", "L|H", true},
    {"AT", "N|P", true},
    {"PR", "N|L|H", true},
    {"UI", "N|P|A", true},
    {"VC", "H|L|N", true},
    {"VI", "H|L|N", true},
    {"VA", "H|L|N", true},
    {"SC", "H|L|N", true},
    {"SI", "H|L|N", true},
    {"SA", "H|L|N", true},
    // Threat
    {"E", "X|A|P|U", false},
    // Environmental
    {"CR", "X|H|M|L", false},
    {"IR", "X|H|M|L", false},
    {"AR", "X|H|M|L", false},
    {"MAV", "X|N|A|L|P", false},
    {"MAC", "X|L|H", false},
    {"MAT", "X|N|P", false},
    {"MPR", "X|N|L|H", false},
    {"MUI", "X|N|P|A", false},
    {"MVC", "X|H|L|N", false},
    {"MVI", "X|H|L|N", false},
    {"MVA", "X|H|L|N", false},
    {"MSC", "X|H|L|N", false},
    {"MSI", "X|S|H|L|N", false},
    {"MSA", "X|S|H|L|N", false},
    // Supplemental (never change the score)
    {"S", "X|N|P", false},
    {"AU", "X|N|Y", false},
    {"R", "X|A|U|I", false},
    {"V", "X|D|C", false},
    {"RE", "X|L|M|H", false},
    {"U", "X|Clear|Green|Amber|Red", false},
};

// Severity level of each value in tenths: 0 is the most severe. SC has no "S" (Safety), so its
// High starts at 1 like SI's and SA's.
struct LevelSpec {
  absl::string_view metric;
  absl::string_view order;  // values from most to least severe
  int first;                // level of the first value
};
constexpr LevelSpec kLevels[] = {
    {"AV", "NALP", 0}, {"PR", "NLH", 0}, {"UI", "NPA", 0}, {"AC", "LH", 0},  {"AT", "NP", 0},
    {"VC", "HLN", 0},  {"VI", "HLN", 0}, {"VA", "HLN", 0}, {"SC", "HLN", 1}, {"SI", "SHLN", 0},
    {"SA", "SHLN", 0}, {"CR", "HML", 0}, {"IR", "HML", 0}, {"AR", "HML", 0},
};
constexpr int kLevelCount = sizeof(kLevels) / sizeof(kLevels[0]);

int Level(const LevelSpec& spec, absl::string_view value) {
  size_t pos = value.size() == 1 ? spec.order.find(value[0]) : absl::string_view::npos;
  return pos == absl::string_view::npos ? 0 : spec.first + static_cast<int>(pos);
}

// The value the score uses: threat and security requirements default to the worst case, and a
// modified base metric (MAV, ...) replaces its base metric when it is defined.
absl::string_view Effective(const Metrics& m, absl::string_view name) {
  absl::string_view value = m.Get(name);
  if (name == "E") return value == "X" ? "A" : value;
  if (name == "CR" || name == "IR" || name == "AR") return value == "X" ? "H" : value;
  absl::string_view modified = m.Get(absl::StrCat("M", name));
  return modified != "X" ? modified : value;
}

using MacroVector = std::array<int, 6>;

MacroVector ComputeMacroVector(const Metrics& m) {
  auto is = [&m](absl::string_view name, absl::string_view value) {
    return Effective(m, name) == value;
  };
  MacroVector eq{};
  bool all_n = is("AV", "N") && is("PR", "N") && is("UI", "N");
  bool any_n = is("AV", "N") || is("PR", "N") || is("UI", "N");
  eq[0] = all_n ? 0 : (any_n && !is("AV", "P")) ? 1 : 2;
  eq[1] = is("AC", "L") && is("AT", "N") ? 0 : 1;
  bool vc_vi_high = is("VC", "H") && is("VI", "H");
  eq[2] = vc_vi_high ? 0 : (is("VC", "H") || is("VI", "H") || is("VA", "H")) ? 1 : 2;
  bool safety = m.Get("MSI") == "S" || m.Get("MSA") == "S";
  eq[3] = safety ? 0 : (is("SC", "H") || is("SI", "H") || is("SA", "H")) ? 1 : 2;
  eq[4] = is("E", "A") ? 0 : is("E", "P") ? 1 : 2;
  bool requirement_high = (is("CR", "H") && is("VC", "H")) || (is("IR", "H") && is("VI", "H")) ||
                          (is("AR", "H") && is("VA", "H"));
  eq[5] = requirement_high ? 0 : 1;
  return eq;
}

// The score of a MacroVector; nullopt for one that does not exist (past the lowest level).
std::optional<double> MacroScore(const MacroVector& eq) {
  char key[7];
  for (int i = 0; i < 6; ++i) {
    if (eq[i] < 0 || eq[i] > 9) return std::nullopt;
    key[i] = static_cast<char>('0' + eq[i]);
  }
  key[6] = '\0';
  const MacroVectorScore* begin = kMacroVectorScores;
  const MacroVectorScore* end = kMacroVectorScores + kMacroVectorCount;
  const MacroVectorScore* it = std::lower_bound(
      begin, end, key,
      [](const MacroVectorScore& s, const char* k) { return std::strcmp(s.macro_vector, k) < 0; });
  if (it == end || std::strcmp(it->macro_vector, key) != 0) return std::nullopt;
  return it->score;
}

MacroVector Lower(MacroVector eq, int index, int by = 1) {
  eq[index] += by;
  return eq;
}

// The score of the next lower MacroVector in EQ3+EQ6, which move together: 11→21, 01→11, 10→11,
// 00→ the higher of 01 and 10, 21→ none.
std::optional<double> LowerEq3Eq6Score(const MacroVector& eq) {
  if (eq[2] == 0 && eq[5] == 0) {
    std::optional<double> left = MacroScore(Lower(eq, 5));
    std::optional<double> right = MacroScore(Lower(eq, 2));
    if (left && right) return std::max(*left, *right);
    return left ? left : right;
  }
  if (eq[2] == 1 && eq[5] == 0) return MacroScore(Lower(eq, 5));
  return MacroScore(Lower(eq, 2));
}

// The value `metric` has in a "K:V/K:V" max vector part; "" when the part does not name it.
absl::string_view PartValue(absl::string_view part, absl::string_view metric) {
  for (absl::string_view kv : absl::StrSplit(part, '/')) {
    if (kv.size() > metric.size() && kv.substr(0, metric.size()) == metric &&
        kv[metric.size()] == ':') {
      return kv.substr(metric.size() + 1);
    }
  }
  return {};
}

using Distances = std::array<int, kLevelCount>;  // per kLevels entry, in tenths

// Severity distances from a highest-severity vector of the MacroVector: the first combination of
// the classes' maxima that the vector does not exceed (every distance >= 0).
Distances SeverityDistances(const Metrics& m, const MacroVector& eq) {
  const MaxVectors* classes[5] = {&kEq1Maxes[eq[0]], &kEq2Maxes[eq[1]], &kEq3Eq6Maxes[eq[2]][eq[5]],
                                  &kEq4Maxes[eq[3]], &kEq5Maxes[eq[4]]};
  std::array<int, kLevelCount> own{};
  for (int i = 0; i < kLevelCount; ++i) own[i] = Level(kLevels[i], Effective(m, kLevels[i].metric));
  Distances distances{};
  std::array<size_t, 5> pick{};  // odometer over the combinations, last class fastest
  while (true) {
    bool fits = true;
    for (int i = 0; i < kLevelCount; ++i) {
      absl::string_view max_value;
      for (int c = 0; c < 5 && max_value.empty(); ++c) {
        max_value = PartValue((*classes[c])[pick[c]], kLevels[i].metric);
      }
      distances[i] = own[i] - Level(kLevels[i], max_value);
      fits = fits && distances[i] >= 0;
    }
    if (fits) return distances;
    int c = 4;
    for (; c >= 0; --c) {
      if (++pick[c] < classes[c]->size() && !(*classes[c])[pick[c]].empty()) break;
      pick[c] = 0;
    }
    if (c < 0) return distances;  // none fits: keep the last, as the reference calculator does
  }
}

int Sum(const Distances& d, std::initializer_list<absl::string_view> metrics) {
  int sum = 0;
  for (absl::string_view metric : metrics) {
    for (int i = 0; i < kLevelCount; ++i) {
      if (kLevels[i].metric == metric) sum += d[i];
    }
  }
  return sum;
}

}  // namespace

absl::StatusOr<double> ScoreV4(absl::string_view vector, absl::string_view body) {
  auto parsed = ParseMetrics(vector, body, kV4Metrics);
  if (!parsed.ok()) return parsed.status();
  const Metrics& m = *parsed;
  bool no_impact = true;
  for (absl::string_view name : {"VC", "VI", "VA", "SC", "SI", "SA"}) {
    no_impact = no_impact && Effective(m, name) == "N";
  }
  if (no_impact) return 0.0;
  MacroVector eq = ComputeMacroVector(m);
  std::optional<double> value = MacroScore(eq);
  if (!value) return VectorError(vector, "MacroVector has no score");
  Distances d = SeverityDistances(m, eq);
  // (score gap to the next lower MacroVector, distance, depth) per class; EQ5 is always 0.
  struct Step {
    std::optional<double> lower;
    int distance;
    int depth;
  };
  const Step steps[] = {
      {MacroScore(Lower(eq, 0)), Sum(d, {"AV", "PR", "UI"}), kEq1Depth[eq[0]]},
      {MacroScore(Lower(eq, 1)), Sum(d, {"AC", "AT"}), kEq2Depth[eq[1]]},
      {LowerEq3Eq6Score(eq), Sum(d, {"VC", "VI", "VA", "CR", "IR", "AR"}),
       kEq3Eq6Depth[eq[2]][eq[5]]},
      {MacroScore(Lower(eq, 3)), Sum(d, {"SC", "SI", "SA"}), kEq4Depth[eq[3]]},
      {MacroScore(Lower(eq, 4)), 0, 1},
  };
  int existing = 0;
  double total = 0;
  for (const Step& step : steps) {
    if (!step.lower) continue;
    ++existing;
    if (step.depth > 0) total += (*value - *step.lower) * step.distance / step.depth;
  }
  double score = *value - (existing == 0 ? 0 : total / existing);
  score = std::clamp(score, 0.0, 10.0);
  // Round half up at one decimal; the epsilon absorbs floating-point noise (x.x4999999).
  return std::floor(score * 10 + 0.5 + 1e-9) / 10;
}

}  // namespace moat::vulndb::cvss_internal
