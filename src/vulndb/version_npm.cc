// npm version parsing and comparison, written from node-semver's documented grammar (its FULL and
// LOOSE patterns, including how a regex engine backtracks over them) and compare() rules.
#include "vulndb/version_npm.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/version_semver.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "npm";
constexpr size_t kMaxLength = 256;
constexpr absl::string_view kMaxSafeInteger = "9007199254740991";


bool IsXRangeKind(NpmPlainKind kind) {
  return kind == NpmPlainKind::kXRange || kind == NpmPlainKind::kXRangeLoose;
}
bool IsLooseKind(NpmPlainKind kind) {
  return kind == NpmPlainKind::kLoose || kind == NpmPlainKind::kXRangeLoose;
}

// Strict pre-release identifiers: an all-digit identifier has no leading zero.
bool StrictPrerelease(absl::string_view ids) { return ValidSemVerIdentifiers(ids, true); }

// Matches what may follow the patch: [pre-release][+build] and the end.
bool MatchTail(absl::string_view s, bool loose, NpmPlain* out) {
  auto finish = [&](absl::string_view rest) {
    if (!rest.empty() && rest[0] == '+') {
      size_t n = NpmIdentifiersLength(rest.substr(1));
      if (n == 0 || n + 1 != rest.size()) return false;
      out->build = rest.substr(1);
      return true;
    }
    return rest.empty();
  };
  out->prerelease = {};
  out->build = {};
  if (!s.empty() && s[0] == '-') {
    size_t n = NpmIdentifiersLength(s.substr(1));
    if (n > 0 && (loose || StrictPrerelease(s.substr(1, n))) && finish(s.substr(1 + n))) {
      out->prerelease = s.substr(1, n);
      return true;
    }
  }
  if (loose && !s.empty() && IsIdentChar(s[0])) {  // "1.2.3beta": the '-' is optional
    size_t n = NpmIdentifiersLength(s);
    if (finish(s.substr(n))) {
      out->prerelease = s.substr(0, n);
      return true;
    }
  }
  out->prerelease = {};
  return finish(s);
}

// Takes one identifier: a number (strict: 0 or no leading zero), or x, X, * in x-ranges.
bool TakeId(absl::string_view& s, NpmPlainKind kind, absl::string_view* out) {
  if (s.empty()) return false;
  size_t n = 0;
  if (IsXRangeKind(kind) && (s[0] == 'x' || s[0] == 'X' || s[0] == '*')) {
    n = 1;
  } else if (!IsLooseKind(kind) && s[0] == '0') {
    n = 1;
  } else {
    while (n < s.size() && IsDigit(s[n])) ++n;
  }
  if (n == 0) return false;
  *out = s.substr(0, n);
  s.remove_prefix(n);
  return true;
}

// The patch and what follows it; in loose mode a regex engine may give the last patch digit to
// the pre-release ("1.2.34.5" is 1.2.3-4.5), so that is tried too.
bool MatchPatchAndTail(absl::string_view s, NpmPlainKind kind, NpmPlain* out) {
  absl::string_view rest = s;
  if (!TakeId(rest, kind, &out->patch)) return false;
  const bool loose = IsLooseKind(kind);
  if (MatchTail(rest, loose, out)) return true;
  if (!loose || out->patch.size() < 2 || !AllDigits(out->patch)) return false;
  out->patch.remove_suffix(1);
  return MatchTail(s.substr(out->patch.size()), loose, out);
}

bool IsSafeInteger(absl::string_view digits) {
  return CompareDigitRuns(digits, kMaxSafeInteger) <= 0;
}

uint64_t ToUint(absl::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<uint64_t>(c - '0');
  return v;
}

class NpmSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ParseNpmVersion(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(NpmVersion va, ParseNpmVersion(a));
    MOAT_ASSIGN_OR_RETURN(NpmVersion vb, ParseNpmVersion(b));
    return CompareNpmVersions(va, vb);
  }
};

}  // namespace

bool IsNpmSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

size_t NpmIdentifiersLength(absl::string_view s) {
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && IsIdentChar(s[i])) ++i;
    if (i == start) return start == 0 ? 0 : start - 1;  // drop a dangling '.'
    if (i == s.size() || s[i] != '.') return i;
    ++i;
  }
}

bool MatchNpmPlain(absl::string_view s, NpmPlainKind kind, NpmPlain* out) {
  *out = NpmPlain();
  if (kind == NpmPlainKind::kFull) {
    if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  } else {
    while (!s.empty() && (s[0] == 'v' || s[0] == '=' || IsNpmSpace(s[0]))) s.remove_prefix(1);
  }
  if (!TakeId(s, kind, &out->major)) return false;
  const bool xrange = IsXRangeKind(kind);
  if (xrange && s.empty()) return true;
  if (s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  if (!TakeId(s, kind, &out->minor)) return false;
  if (xrange && s.empty()) return true;
  if (s.empty() || s[0] != '.') return false;
  s.remove_prefix(1);
  return MatchPatchAndTail(s, kind, out);
}

absl::StatusOr<NpmVersion> ParseNpmVersion(absl::string_view text, bool loose) {
  if (text.size() > kMaxLength) {
    return InvalidVersion(kScheme, text, absl::StrCat("longer than ", kMaxLength, " characters"));
  }
  absl::string_view s = text;
  while (!s.empty() && IsNpmSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsNpmSpace(s.back())) s.remove_suffix(1);
  NpmPlain plain;
  if (!MatchNpmPlain(s, loose ? NpmPlainKind::kLoose : NpmPlainKind::kFull, &plain)) {
    return InvalidVersion(kScheme, text, "not a valid semver version");
  }
  const absl::string_view names[] = {"major", "minor", "patch"};
  const absl::string_view parts[] = {plain.major, plain.minor, plain.patch};
  for (int i = 0; i < 3; ++i) {
    if (!IsSafeInteger(parts[i])) {
      return InvalidVersion(kScheme, text,
                            absl::StrCat(names[i], " version is above ", kMaxSafeInteger));
    }
  }
  NpmVersion v;
  v.major = ToUint(plain.major);
  v.minor = ToUint(plain.minor);
  v.patch = ToUint(plain.patch);
  v.prerelease = plain.prerelease;
  v.build = plain.build;
  return v;
}

int CompareNpmVersions(const NpmVersion& a, const NpmVersion& b) {
  int c = ThreeWay(a.major, b.major);
  if (c == 0) c = ThreeWay(a.minor, b.minor);
  if (c == 0) c = ThreeWay(a.patch, b.patch);
  if (c != 0) return c;
  if (a.prerelease.empty() || b.prerelease.empty()) {
    return ThreeWay(a.prerelease.empty(), b.prerelease.empty());
  }
  return CompareSemVerPrerelease(a.prerelease, b.prerelease);
}

std::string FormatNpmVersion(const NpmVersion& v) {
  std::string out = absl::StrCat(v.major, ".", v.minor, ".", v.patch);
  if (v.prerelease.empty()) return out;
  out.push_back('-');
  absl::string_view pre = v.prerelease;
  while (true) {
    size_t dot = pre.find('.');
    absl::string_view id = pre.substr(0, dot);
    // node-semver keeps all-digit identifiers below 2^53-1 as numbers: "01" prints as "1".
    if (AllDigits(id) && CompareDigitRuns(id, kMaxSafeInteger) < 0) {
      size_t zeros = 0;
      while (zeros + 1 < id.size() && id[zeros] == '0') ++zeros;
      id.remove_prefix(zeros);
    }
    out.append(id.data(), id.size());
    if (dot == absl::string_view::npos) break;
    out.push_back('.');
    pre.remove_prefix(dot + 1);
  }
  return out;
}

const VersionScheme& NpmScheme() {
  static const NpmSchemeImpl* const kInstance = new NpmSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
