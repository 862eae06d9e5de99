// npm range parsing and testing, written from node-semver's documented range grammar and the
// order in which its Range class rewrites a range: build metadata dropped, hyphen ranges,
// whitespace after operators, ~ and ^ desugared, x-ranges and stars, ">=0.0.0" as "any".
#include "vulndb/version_npm_range.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kNullSet = "<0.0.0-0";

absl::Status InvalidRange(absl::string_view range, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid npm range \"", absl::CHexEscape(range.substr(0, 200)), "\": ", why));
}

absl::string_view Trim(absl::string_view s) {
  while (!s.empty() && IsNpmSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsNpmSpace(s.back())) s.remove_suffix(1);
  return s;
}

// JavaScript's s.split(/\s+/): empty strings at the ends are kept.
std::vector<std::string> SplitWhitespace(absl::string_view s) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsNpmSpace(s[i])) {
      out.back().push_back(s[i]);
      continue;
    }
    while (i + 1 < s.size() && IsNpmSpace(s[i + 1])) ++i;
    out.emplace_back();
  }
  return out;
}

// Applies `fn` to each whitespace-separated token and joins the results with ' '.
template <typename Fn>
std::string MapTokens(absl::string_view s, Fn fn) {
  std::vector<std::string> tokens = SplitWhitespace(s);
  for (std::string& token : tokens) token = fn(token);
  return absl::StrJoin(tokens, " ");
}

bool IsX(absl::string_view id) { return id.empty() || id == "x" || id == "X" || id == "*"; }

// `+digits + 1` as JavaScript prints it (exact while the value is a safe integer; larger values
// are rejected later either way).
std::string Inc(absl::string_view digits) { return IncrementDigitRun(digits); }

NpmPlainKind XKind(const NpmOptions& o) {
  return o.loose ? NpmPlainKind::kXRangeLoose : NpmPlainKind::kXRange;
}

// Removes every "+ident(.ident)*" (node-semver strips build metadata from ranges first).
std::string StripBuilds(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t n = s[i] == '+' ? NpmIdentifiersLength(s.substr(i + 1)) : 0;
    if (n > 0) {
      i += n;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "1.2 - 3.4" → ">=1.2.0 <3.5.0-0" (the whole part must be a hyphen range).
std::string ReplaceHyphen(absl::string_view s, const NpmOptions& o) {
  size_t dash = s.find(" - ");
  NpmPlain f, t;
  if (dash == absl::string_view::npos || !MatchNpmPlain(s.substr(0, dash), XKind(o), &f) ||
      !MatchNpmPlain(s.substr(dash + 3), XKind(o), &t)) {
    return std::string(s);
  }
  const absl::string_view z = o.include_prerelease ? "-0" : "";
  std::string from, to;
  if (IsX(f.major)) {
  } else if (IsX(f.minor)) {
    from = absl::StrCat(">=", f.major, ".0.0", z);
  } else if (IsX(f.patch)) {
    from = absl::StrCat(">=", f.major, ".", f.minor, ".0", z);
  } else {
    from = absl::StrCat(">=", s.substr(0, dash), f.prerelease.empty() ? z : "");
  }
  if (IsX(t.major)) {
  } else if (IsX(t.minor)) {
    to = absl::StrCat("<", Inc(t.major), ".0.0-0");
  } else if (IsX(t.patch)) {
    to = absl::StrCat("<", t.major, ".", Inc(t.minor), ".0-0");
  } else if (!t.prerelease.empty()) {
    to = absl::StrCat("<=", t.major, ".", t.minor, ".", t.patch, "-", t.prerelease);
  } else if (o.include_prerelease) {
    to = absl::StrCat("<", t.major, ".", t.minor, ".", Inc(t.patch), "-0");
  } else {
    to = absl::StrCat("<=", s.substr(dash + 3));
  }
  return std::string(Trim(absl::StrCat(from, " ", to)));
}

// End of a version-like text starting at `k` (after "[v= ]*" a digit, x, X or *), or npos.
size_t VersionishEnd(absl::string_view s, size_t k) {
  while (k < s.size() && (s[k] == 'v' || s[k] == '=' || IsNpmSpace(s[k]))) ++k;
  if (k >= s.size() || !(absl::ascii_isdigit(s[k]) || s[k] == 'x' || s[k] == 'X' || s[k] == '*')) {
    return absl::string_view::npos;
  }
  while (k < s.size() &&
         (absl::ascii_isalnum(s[k]) || s[k] == '.' || s[k] == '*' || s[k] == '+' || s[k] == '-')) {
    ++k;
  }
  return k;
}

// "> 1.2.3" → ">1.2.3": drops the whitespace between an operator and its version.
std::string TrimComparators(absl::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t g = i + (IsNpmSpace(s[i]) ? 1 : 0);
    if (g < s.size() && (s[g] == '<' || s[g] == '>')) ++g;
    if (g < s.size() && s[g] == '=') ++g;
    size_t k = g + (g < s.size() && IsNpmSpace(s[g]) ? 1 : 0);
    size_t end = VersionishEnd(s, k);
    if (end == absl::string_view::npos) {
      out.push_back(s[i++]);
      continue;
    }
    absl::StrAppend(&out, s.substr(i, g - i), s.substr(k, end - k));
    i = end;
  }
  return out;
}

// "~ 1.2" → "~1.2", "~> 1.2" → "~1.2", "^ 1.2" → "^1.2".
std::string TrimTildesAndCarets(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out.push_back(s[i]);
    size_t k = i + 1;
    if (s[i] == '~' && k < s.size() && s[k] == '>') ++k;
    if ((s[i] == '~' || s[i] == '^') && k < s.size() && IsNpmSpace(s[k])) i = k;
  }
  return out;
}

std::string ReplaceCaret(const std::string& c, const NpmOptions& o) {
  NpmPlain v;
  if (c.empty() || c[0] != '^' || !MatchNpmPlain(absl::string_view(c).substr(1), XKind(o), &v)) {
    return c;
  }
  const absl::string_view z = o.include_prerelease ? "-0" : "";
  const absl::string_view M = v.major, m = v.minor, p = v.patch;
  if (IsX(M)) return "";
  if (IsX(m)) return absl::StrCat(">=", M, ".0.0", z, " <", Inc(M), ".0.0-0");
  if (IsX(p)) {
    if (M == "0") return absl::StrCat(">=", M, ".", m, ".0", z, " <", M, ".", Inc(m), ".0-0");
    return absl::StrCat(">=", M, ".", m, ".0", z, " <", Inc(M), ".0.0-0");
  }
  const std::string low = v.prerelease.empty()
                              ? absl::StrCat(">=", M, ".", m, ".", p)
                              : absl::StrCat(">=", M, ".", m, ".", p, "-", v.prerelease);
  if (M == "0" && m == "0") return absl::StrCat(low, " <", M, ".", m, ".", Inc(p), "-0");
  if (M == "0") return absl::StrCat(low, " <", M, ".", Inc(m), ".0-0");
  return absl::StrCat(low, " <", Inc(M), ".0.0-0");
}

std::string ReplaceTilde(const std::string& c, const NpmOptions& o) {
  if (c.empty() || c[0] != '~') return c;
  absl::string_view rest = absl::string_view(c).substr(1);
  if (!rest.empty() && rest[0] == '>') rest.remove_prefix(1);
  NpmPlain v;
  if (!MatchNpmPlain(rest, XKind(o), &v)) return c;
  const absl::string_view z = o.include_prerelease ? "-0" : "";
  const absl::string_view M = v.major, m = v.minor, p = v.patch;
  if (IsX(M)) return "";
  if (IsX(m)) return absl::StrCat(">=", M, ".0.0", z, " <", Inc(M), ".0.0-0");
  if (IsX(p)) return absl::StrCat(">=", M, ".", m, ".0", z, " <", M, ".", Inc(m), ".0-0");
  const std::string pre = v.prerelease.empty() ? "" : absl::StrCat("-", v.prerelease);
  return absl::StrCat(">=", M, ".", m, ".", p, pre, " <", M, ".", Inc(m), ".0-0");
}

// Takes node-semver's GTLT (`[<>]?=?`) from the front of `s`.
absl::string_view TakeOperator(absl::string_view& s) {
  size_t n = 0;
  if (n < s.size() && (s[n] == '<' || s[n] == '>')) ++n;
  if (n < s.size() && s[n] == '=') ++n;
  absl::string_view op = s.substr(0, n);
  s.remove_prefix(n);
  if (!s.empty() && IsNpmSpace(s[0])) s.remove_prefix(1);
  return op;
}

std::string ReplaceXRange(const std::string& token, const NpmOptions& o) {
  absl::string_view rest = Trim(token);
  const std::string comp(rest);
  std::string op(TakeOperator(rest));
  NpmPlain v;
  if (!MatchNpmPlain(rest, XKind(o), &v)) return comp;
  if ((IsX(v.major) && !IsX(v.minor)) || (IsX(v.minor) && !v.patch.empty() && !IsX(v.patch))) {
    return comp;  // "1.x.5", "x.1": not an x-range, left for the comparator to reject
  }
  const bool xM = IsX(v.major), xm = xM || IsX(v.minor), xp = xm || IsX(v.patch);
  if (op == "=" && xp) op.clear();
  std::string pr = o.include_prerelease ? "-0" : "";
  if (xM) return (op == ">" || op == "<") ? std::string(kNullSet) : "*";
  std::string M(v.major), m(xm ? "0" : v.minor), p = "0";
  if (!op.empty() && xp) {
    if (op == ">") {
      op = ">=";
      if (xm) {
        M = Inc(M);
      } else {
        m = Inc(m);
      }
    } else if (op == "<=") {
      op = "<";
      if (xm) {
        M = Inc(M);
      } else {
        m = Inc(m);
      }
    }
    if (op == "<") pr = "-0";
    return absl::StrCat(op, M, ".", m, ".", p, pr);
  }
  if (xm) return absl::StrCat(">=", M, ".0.0", pr, " <", Inc(M), ".0.0-0");
  if (xp) return absl::StrCat(">=", M, ".", m, ".0", pr, " <", M, ".", Inc(m), ".0-0");
  return comp;
}

// Removes the first `[<>]?=?\s?\*`.
std::string ReplaceStars(absl::string_view s) {
  s = Trim(s);
  for (size_t i = 0; i < s.size(); ++i) {
    size_t j = i;
    if (j < s.size() && (s[j] == '<' || s[j] == '>')) ++j;
    if (j < s.size() && s[j] == '=') ++j;
    if (j < s.size() && IsNpmSpace(s[j])) ++j;
    if (j < s.size() && s[j] == '*') return absl::StrCat(s.substr(0, i), s.substr(j + 1));
  }
  return std::string(s);
}

// node-semver's parseComparator: one space-separated token to primitive comparators.
std::string DesugarToken(const std::string& token, const NpmOptions& o) {
  auto caret = [&](const std::string& c) { return ReplaceCaret(c, o); };
  auto tilde = [&](const std::string& c) { return ReplaceTilde(c, o); };
  auto xrange = [&](const std::string& c) { return ReplaceXRange(c, o); };
  std::string comp = MapTokens(Trim(token), caret);
  comp = MapTokens(Trim(comp), tilde);
  comp = MapTokens(comp, xrange);
  return ReplaceStars(comp);
}

// Comparator parsing (`^GTLT\s*(FULLPLAIN|LOOSEPLAIN)$|^$`) into `out`.
absl::Status MakeComparator(absl::string_view text, const NpmOptions& o, NpmComparator* out) {
  if (text.empty()) {
    out->any = true;
    return absl::OkStatus();
  }
  absl::string_view rest = text;
  std::string op(TakeOperator(rest));
  NpmPlain plain;
  if (!MatchNpmPlain(rest, o.loose ? NpmPlainKind::kLoose : NpmPlainKind::kFull, &plain)) {
    return InvalidRange(text, "invalid comparator");
  }
  absl::StatusOr<NpmVersion> v = ParseNpmVersion(rest, o.loose);
  if (!v.ok()) return InvalidRange(text, v.status().message());
  out->op = op == "=" ? "" : op;
  out->major = v->major;
  out->minor = v->minor;
  out->patch = v->patch;
  std::string formatted = FormatNpmVersion(*v);
  size_t dash = formatted.find('-');
  if (dash != std::string::npos) out->prerelease = formatted.substr(dash + 1);
  out->value = absl::StrCat(out->op, formatted);
  return absl::OkStatus();
}

bool MatchesLooseComparator(absl::string_view c) {
  if (c.empty()) return true;
  TakeOperator(c);
  NpmPlain plain;
  return MatchNpmPlain(c, NpmPlainKind::kLoose, &plain);
}

// One ||-separated part to its comparators (empty when loose mode dropped all of them).
absl::StatusOr<std::vector<NpmComparator>> ParseRangePart(absl::string_view part,
                                                          const NpmOptions& o) {
  std::string r = StripBuilds(part);
  r = ReplaceHyphen(r, o);
  r = TrimComparators(r);
  r = TrimTildesAndCarets(r);
  std::vector<std::string> tokens = absl::StrSplit(r, ' ');
  for (std::string& token : tokens) token = DesugarToken(token, o);
  std::vector<NpmComparator> result;
  for (const std::string& raw : SplitWhitespace(absl::StrJoin(tokens, " "))) {
    absl::string_view c = Trim(raw);
    if (c == (o.include_prerelease ? ">=0.0.0-0" : ">=0.0.0")) c = "";
    if (o.loose && !MatchesLooseComparator(c)) continue;
    NpmComparator comparator;
    MOAT_RETURN_IF_ERROR(MakeComparator(c, o, &comparator));
    if (comparator.value == kNullSet) return std::vector<NpmComparator>{comparator};
    bool seen = false;
    for (const NpmComparator& existing : result) seen = seen || existing.value == comparator.value;
    if (!seen) result.push_back(std::move(comparator));
  }
  if (result.size() > 1) {
    for (size_t i = 0; i < result.size(); ++i) {
      if (result[i].any) {
        result.erase(result.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  return result;
}

NpmVersion VersionOf(const NpmComparator& c) {
  NpmVersion v;
  v.major = c.major;
  v.minor = c.minor;
  v.patch = c.patch;
  v.prerelease = c.prerelease;
  return v;
}

bool ComparatorTest(const NpmComparator& c, const NpmVersion& v) {
  if (c.any) return true;
  int cmp = CompareNpmVersions(v, VersionOf(c));
  if (c.op.empty()) return cmp == 0;
  if (c.op == "<") return cmp < 0;
  if (c.op == "<=") return cmp <= 0;
  if (c.op == ">") return cmp > 0;
  return cmp >= 0;
}

bool TestSet(const std::vector<NpmComparator>& set, const NpmVersion& v, const NpmOptions& o) {
  for (const NpmComparator& c : set) {
    if (!ComparatorTest(c, v)) return false;
  }
  if (v.prerelease.empty() || o.include_prerelease) return true;
  // A pre-release only matches a set that names a pre-release of the same major.minor.patch.
  for (const NpmComparator& c : set) {
    if (!c.any && !c.prerelease.empty() && c.major == v.major && c.minor == v.minor &&
        c.patch == v.patch) {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::StatusOr<NpmRange> ParseNpmRange(absl::string_view range, const NpmOptions& options) {
  // Whitespace runs become one space first, so every "\s*" below means at most one space.
  std::vector<std::string> words = SplitWhitespace(Trim(range));
  const std::string raw = absl::StrJoin(words, " ");
  NpmRange result;
  for (absl::string_view part : absl::StrSplit(raw, "||")) {
    MOAT_ASSIGN_OR_RETURN(std::vector<NpmComparator> set, ParseRangePart(Trim(part), options));
    if (!set.empty()) result.sets.push_back(std::move(set));
  }
  if (result.sets.empty()) return InvalidRange(range, "no valid comparator");
  if (result.sets.size() > 1) {
    // Null sets ("<0.0.0-0") go unless all are null; a lone "any" set makes the range "*".
    std::vector<std::vector<NpmComparator>> kept;
    for (auto& set : result.sets) {
      if (set[0].value != kNullSet) kept.push_back(set);
    }
    if (kept.empty()) kept.push_back(result.sets[0]);
    for (auto& set : kept) {
      if (set.size() == 1 && set[0].any) {
        kept = {set};
        break;
      }
    }
    result.sets = std::move(kept);
  }
  return result;
}

std::string FormatNpmRange(const NpmRange& range) {
  std::vector<std::string> sets;
  for (const auto& set : range.sets) {
    std::vector<absl::string_view> values;
    for (const NpmComparator& c : set) values.push_back(c.value);
    sets.push_back(absl::StrJoin(values, " "));
  }
  return absl::StrJoin(sets, "||");
}

bool NpmRangeTest(const NpmRange& range, const NpmVersion& version, const NpmOptions& options) {
  for (const auto& set : range.sets) {
    if (TestSet(set, version, options)) return true;
  }
  return false;
}

absl::StatusOr<bool> NpmSatisfies(absl::string_view version, absl::string_view range,
                                  const NpmOptions& options) {
  MOAT_ASSIGN_OR_RETURN(NpmRange parsed, ParseNpmRange(range, options));
  MOAT_ASSIGN_OR_RETURN(NpmVersion v, ParseNpmVersion(version, options.loose));
  return NpmRangeTest(parsed, v, options);
}

absl::StatusOr<bool> NpmOutside(absl::string_view version, absl::string_view range, char hilo,
                                const NpmOptions& options) {
  if (hilo != '<' && hilo != '>') {
    return absl::InvalidArgumentError("NpmOutside wants '<' or '>'");
  }
  MOAT_ASSIGN_OR_RETURN(NpmRange parsed, ParseNpmRange(range, options));
  MOAT_ASSIGN_OR_RETURN(NpmVersion v, ParseNpmVersion(version, options.loose));
  if (NpmRangeTest(parsed, v, options)) return false;
  // Written as for '>' (gtr); for '<' (ltr) every comparison flips.
  const int dir = hilo == '>' ? 1 : -1;
  const std::string comp(1, hilo), ecomp = comp + "=";
  NpmComparator zero;
  zero.op = ">=";
  zero.value = ">=0.0.0";
  for (const auto& set : parsed.sets) {
    const NpmComparator* high = nullptr;
    const NpmComparator* low = nullptr;
    for (const NpmComparator& original : set) {
      const NpmComparator* c = original.any ? &zero : &original;
      if (high == nullptr) high = c;
      if (low == nullptr) low = c;
      if (dir * CompareNpmVersions(VersionOf(*c), VersionOf(*high)) > 0) {
        high = c;
      } else if (dir * CompareNpmVersions(VersionOf(*c), VersionOf(*low)) < 0) {
        low = c;
      }
    }
    if (high->op == comp || high->op == ecomp) return false;
    const int against_low = dir * CompareNpmVersions(v, VersionOf(*low));
    if ((low->op.empty() || low->op == comp) && against_low <= 0) return false;
    if (low->op == ecomp && against_low < 0) return false;
  }
  return true;
}

}  // namespace moat::vulndb
