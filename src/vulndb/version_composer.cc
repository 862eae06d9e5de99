// Composer version normalisation and PHP version_compare, written from Composer's documented
// version formats (VersionParser) and PHP's documented version_compare() rules.
#include "vulndb/version_composer.h"

#include <climits>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "composer";

bool IsPhpSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}

size_t DigitsAt(absl::string_view s, size_t p) {
  size_t n = 0;
  while (p + n < s.size() && IsDigit(s[p + n])) ++n;
  return n;
}

// Captures of Composer's modifier pattern
// [._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$ (no case).
struct Modifier {
  absl::string_view stability, numbers;
  bool dev = false;
};

// "[.-]?dev" then the end, from `p`.
bool DevThenEnd(absl::string_view s, size_t p, bool* dev) {
  *dev = false;
  if (p == s.size()) return true;
  if (s[p] == '.' || s[p] == '-') ++p;
  *dev = true;
  return s.size() - p == 3 && absl::EqualsIgnoreCase(s.substr(p), "dev");
}

bool MatchModifier(absl::string_view s, Modifier* m) {
  static constexpr absl::string_view kWords[] = {"stable", "beta",  "b",  "rc", "alpha",
                                                 "a",      "patch", "pl", "p"};
  const size_t start = (!s.empty() && (s[0] == '.' || s[0] == '_' || s[0] == '-')) ? 1 : 0;
  for (absl::string_view word : kWords) {
    if (!absl::StartsWithIgnoreCase(s.substr(start), word)) continue;
    size_t p = start + word.size();
    const size_t numbers_start = p;
    while (true) {  // ((?:[.-]?\d+)*+)
      size_t sep = p < s.size() && (s[p] == '.' || s[p] == '-') ? 1 : 0;
      size_t n = DigitsAt(s, p + sep);
      if (n == 0) break;
      p += sep + n;
    }
    if (DevThenEnd(s, p, &m->dev)) {
      m->stability = s.substr(start, word.size());
      m->numbers = s.substr(numbers_start, p - numbers_start);
      return true;
    }
  }
  m->stability = m->numbers = {};
  return DevThenEnd(s, start, &m->dev) || (start == 1 && DevThenEnd(s, 0, &m->dev));
}

// v?(\d{1,5}+)(\.\d++)?(\.\d++)?(\.\d++)? + modifier: "1.2" → "1.2.0.0".
bool MatchClassical(absl::string_view s, std::string* version, Modifier* m) {
  size_t p = (!s.empty() && (s[0] == 'v' || s[0] == 'V')) ? 1 : 0;
  size_t n = DigitsAt(s, p);
  if (n == 0) return false;
  if (n > 5) n = 5;
  *version = std::string(s.substr(p, n));
  p += n;
  for (int i = 0; i < 3; ++i) {
    size_t d = p < s.size() && s[p] == '.' ? DigitsAt(s, p + 1) : 0;
    if (d == 0) {
      version->append(".0");
      continue;
    }
    absl::StrAppend(version, s.substr(p, d + 1));
    p += d + 1;
  }
  return MatchModifier(s.substr(p), m);
}

// Date versions v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}) + modifier, tried in the
// order a backtracking regex engine would try them; `end` is where the date part stops.
bool MatchDateFrom(absl::string_view s, size_t p, int pairs, int tails, size_t* end, Modifier* m) {
  const bool sep = p < s.size() && (s[p] == '.' || s[p] == ':' || s[p] == '-');
  for (int take_sep = sep ? 1 : 0; take_sep >= 0; --take_sep) {
    size_t q = p + take_sep;
    size_t d = DigitsAt(s, q);
    if (tails == 0 && pairs < 6 && d >= 2 && MatchDateFrom(s, q + 2, pairs + 1, 0, end, m)) {
      return true;
    }
    for (size_t len = d < 3 ? d : 3; pairs >= 1 && tails < 2 && len >= 1; --len) {
      if (MatchDateFrom(s, q + len, pairs, tails + 1, end, m)) return true;
    }
  }
  if (pairs >= 1 && MatchModifier(s.substr(p), m)) {
    *end = p;
    return true;
  }
  return false;
}

bool MatchDate(absl::string_view s, std::string* version, Modifier* m) {
  size_t p = (!s.empty() && (s[0] == 'v' || s[0] == 'V')) ? 1 : 0;
  size_t end = 0;
  if (DigitsAt(s, p) < 4 || !MatchDateFrom(s, p + 4, 0, 0, &end, m)) return false;
  version->clear();
  for (char c : s.substr(p, end - p)) version->push_back(IsDigit(c) ? c : '.');
  return true;
}

std::string ExpandStability(absl::string_view word) {
  std::string w = absl::AsciiStrToLower(word);
  if (w == "a") return "alpha";
  if (w == "b") return "beta";
  if (w == "p" || w == "pl") return "patch";
  if (w == "rc") return "RC";
  return w;
}

// normalizeBranch: "1.x" → "1.9999999.9999999.9999999-dev"; other names are "dev-<name>".
std::string NormalizeBranch(absl::string_view name) {
  name = absl::StripAsciiWhitespace(name);
  absl::string_view s = name;
  if (!s.empty() && (s[0] == 'v' || s[0] == 'V')) s.remove_prefix(1);
  size_t n = DigitsAt(s, 0);
  std::string out(s.substr(0, n));
  size_t p = n;
  for (int i = 0; n > 0 && i < 3; ++i) {
    if (p == s.size()) {
      out.append(".9999999");
      continue;
    }
    size_t d = s[p] == '.' ? DigitsAt(s, p + 1) : 0;
    if (d > 0) {
      absl::StrAppend(&out, s.substr(p, d + 1));
      p += d + 1;
    } else if (s[p] == '.' && p + 1 < s.size() &&
               absl::string_view("xX*").find(s[p + 1]) != absl::string_view::npos) {
      out.append(".9999999");
      p += 2;
    } else {
      break;
    }
  }
  if (n == 0 || p != s.size()) return absl::StrCat("dev-", name);
  return out + "-dev";
}

absl::string_view StripAliasAndFlag(absl::string_view v) {
  // "1.0.x-dev as 1.0.0": keep the first part.
  size_t space = v.find_first_of(" \t\n\r\v\f,");
  if (space != absl::string_view::npos && space > 0 && v[space] == ' ') {
    absl::string_view rest = absl::StripLeadingAsciiWhitespace(v.substr(space));
    if (absl::StartsWith(rest, "as ")) {
      absl::string_view alias = absl::StripLeadingAsciiWhitespace(rest.substr(3));
      if (!alias.empty() && alias.find_first_of(" \t\n\r\v\f,") == absl::string_view::npos) {
        v = v.substr(0, space);
      }
    }
  }
  size_t at = v.rfind('@');
  if (at != absl::string_view::npos) {
    for (absl::string_view flag : {"stable", "RC", "beta", "alpha", "dev"}) {
      if (absl::EqualsIgnoreCase(v.substr(at + 1), flag)) return v.substr(0, at);
    }
  }
  return v;
}

// PHP's canonical form: '-', '_', '+' and other non-alphanumerics become '.', and a '.' goes
// between digits and non-digits.
std::string PhpCanonical(absl::string_view v) {
  std::string out;
  if (v.empty()) return out;
  auto digit = [](char c) { return IsDigit(c); };
  auto non_digit = [](char c) { return !IsDigit(c) && c != '.'; };
  char lp = v[0];
  out.push_back(lp);
  for (char c : v.substr(1)) {
    const bool special = c == '-' || c == '_' || c == '+';
    const bool transition = (non_digit(lp) && digit(c)) || (digit(lp) && non_digit(c));
    if (special || transition || !absl::ascii_isalnum(static_cast<unsigned char>(c))) {
      if (out.back() != '.') out.push_back('.');
    }
    if (!special && (transition || absl::ascii_isalnum(static_cast<unsigned char>(c)))) {
      out.push_back(c);
    }
    lp = c;
  }
  return out;
}

// Rank of a word in version_compare: dev < alpha = a < beta = b < RC = rc < # (a number) <
// pl = p; a word matching none of these prefixes ranks below them all.
int SpecialOrder(absl::string_view form) {
  struct Form {
    absl::string_view name;
    int order;
  };
  static constexpr Form kForms[] = {{"dev", 0}, {"alpha", 1}, {"a", 1}, {"beta", 2}, {"b", 2},
                                    {"RC", 3},  {"rc", 3},    {"#", 4}, {"pl", 5},   {"p", 5}};
  for (const Form& f : kForms) {
    if (absl::StartsWith(form, f.name)) return f.order;
  }
  return -1;
}

long StrToLong(absl::string_view s) {  // strtol: leading digits, saturating
  long v = 0;
  for (char c : s) {
    if (!IsDigit(c)) break;
    if (v > (LONG_MAX - (c - '0')) / 10) return LONG_MAX;
    v = v * 10 + (c - '0');
  }
  return v;
}

int CompareElements(absl::string_view a, absl::string_view b) {
  const bool da = !a.empty() && IsDigit(a[0]), db = !b.empty() && IsDigit(b[0]);
  if (da && db) return ThreeWay(StrToLong(a), StrToLong(b));
  if (!da && !db) return ThreeWay(SpecialOrder(a), SpecialOrder(b));
  return da ? ThreeWay(4, SpecialOrder(b)) : ThreeWay(SpecialOrder(a), 4);
}

class ComposerSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return NormalizeComposerVersion(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(std::string na, NormalizeComposerVersion(a));
    MOAT_ASSIGN_OR_RETURN(std::string nb, NormalizeComposerVersion(b));
    const bool branch_a = absl::StartsWith(na, "dev-"), branch_b = absl::StartsWith(nb, "dev-");
    if (branch_a || branch_b) {
      if (na == nb) return 0;
      return absl::InvalidArgumentError(
          absl::StrCat("composer branches have no order: \"", na, "\" vs \"", nb, "\""));
    }
    return PhpVersionCompare(na, nb);
  }
};

}  // namespace

absl::StatusOr<std::string> NormalizeComposerVersion(absl::string_view version) {
  absl::string_view v = version;
  while (!v.empty() && IsPhpSpace(v.front())) v.remove_prefix(1);
  while (!v.empty() && IsPhpSpace(v.back())) v.remove_suffix(1);
  v = StripAliasAndFlag(v);
  if (v == "master" || v == "trunk" || v == "default") return absl::StrCat("dev-", v);
  if (absl::StartsWithIgnoreCase(v, "dev-")) return absl::StrCat("dev-", v.substr(4));
  size_t plus = v.find('+');  // build metadata: "1.0.0+build.1"
  if (plus != absl::string_view::npos && plus > 0 &&
      v.substr(0, plus).find_first_of(", \t\n\r\v\f") == absl::string_view::npos &&
      plus + 1 < v.size() &&
      v.substr(plus + 1).find_first_of(" \t\n\r\v\f") == absl::string_view::npos) {
    v = v.substr(0, plus);
  }
  std::string out;
  Modifier m;
  if (MatchClassical(v, &out, &m) || MatchDate(v, &out, &m)) {
    if (!m.stability.empty()) {
      if (m.stability == "stable") return out;
      absl::string_view numbers = m.numbers;
      while (!numbers.empty() && (numbers[0] == '.' || numbers[0] == '-')) numbers.remove_prefix(1);
      absl::StrAppend(&out, "-", ExpandStability(m.stability), numbers);
    }
    if (m.dev) out.append("-dev");
    return out;
  }
  // A numeric branch ending in "dev": "1.x-dev", "2.1.x-dev".
  if (v.size() >= 3 && absl::EndsWithIgnoreCase(v, "dev")) {
    size_t cut = v.size() - 3;
    if (cut > 0 && (v[cut - 1] == '.' || v[cut - 1] == '-')) --cut;
    std::string branch = NormalizeBranch(v.substr(0, cut));
    if (branch.find("dev-") == std::string::npos) return branch;
  }
  return InvalidVersion(kScheme, version, "Invalid version string");
}

int PhpVersionCompare(absl::string_view a, absl::string_view b) {
  if (a.empty() || b.empty()) return ThreeWay(!a.empty(), !b.empty());
  const std::string ca = a[0] == '#' ? std::string(a) : PhpCanonical(a);
  const std::string cb = b[0] == '#' ? std::string(b) : PhpCanonical(b);
  const std::vector<absl::string_view> ea = absl::StrSplit(ca, '.');
  const std::vector<absl::string_view> eb = absl::StrSplit(cb, '.');
  // An empty element at the very end stops the walk, as the end of a C string would.
  auto usable = [](const std::vector<absl::string_view>& e, size_t i) {
    return i < e.size() && !(e[i].empty() && i + 1 == e.size());
  };
  size_t i = 0;
  for (; usable(ea, i) && usable(eb, i); ++i) {
    int c = CompareElements(ea[i], eb[i]);
    if (c != 0) return c;
  }
  // What is left on one side compares against "#N#": a number wins, words by their rank.
  for (size_t j = i; j < ea.size(); ++j) {
    if (!ea[j].empty() && IsDigit(ea[j][0])) return 1;
    if (int c = ThreeWay(SpecialOrder(ea[j]), 4); c != 0) return c;
  }
  if (i < ea.size()) return 0;
  for (size_t j = i; j < eb.size(); ++j) {
    if (!eb[j].empty() && IsDigit(eb[j][0])) return -1;
    if (int c = ThreeWay(4, SpecialOrder(eb[j])); c != 0) return c;
  }
  return 0;
}

const VersionScheme& ComposerScheme() {
  static const ComposerSchemeImpl* const kInstance = new ComposerSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
