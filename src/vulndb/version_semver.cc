// Semver 2.0.0 parsing and precedence, written from the specification at semver.org.
#include "vulndb/version_semver.h"

#include "common/status.h"

namespace moat::vulndb {
namespace {


// Takes one MAJOR/MINOR/PATCH number from the front of `s`.
bool TakeNumber(absl::string_view& s, absl::string_view& out) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  if (n == 0 || (n > 1 && s[0] == '0')) return false;
  out = s.substr(0, n);
  s.remove_prefix(n);
  return true;
}

int CompareIdentifier(absl::string_view a, absl::string_view b) {
  const bool na = AllDigits(a), nb = AllDigits(b);
  if (na && nb) return CompareDigitRuns(a, b);
  if (na != nb) return na ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

class SemVerSchemeImpl : public VersionScheme {
 public:
  SemVerSchemeImpl(absl::string_view name, bool allow_v) : name_(name), allow_v_(allow_v) {}
  absl::string_view name() const override { return name_; }
  absl::Status Validate(absl::string_view version) const override {
    return ParseSemVer(version, name_, allow_v_).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(SemVer va, ParseSemVer(a, name_, allow_v_));
    MOAT_ASSIGN_OR_RETURN(SemVer vb, ParseSemVer(b, name_, allow_v_));
    return CompareSemVer(va, vb);
  }

 private:
  absl::string_view name_;
  bool allow_v_;
};

}  // namespace

bool ValidSemVerIdentifiers(absl::string_view ids, bool no_leading_zeros) {
  size_t start = 0;
  while (true) {
    size_t dot = ids.find('.', start);
    absl::string_view id = ids.substr(start, dot == absl::string_view::npos ? dot : dot - start);
    if (id.empty()) return false;
    for (char c : id) {
      if (!IsIdentChar(c)) return false;
    }
    if (no_leading_zeros && id.size() > 1 && id[0] == '0' && AllDigits(id)) return false;
    if (dot == absl::string_view::npos) return true;
    start = dot + 1;
  }
}

absl::StatusOr<SemVer> ParseSemVer(absl::string_view text, absl::string_view scheme,
                                   bool allow_v_prefix) {
  absl::string_view s = text;
  if (allow_v_prefix && !s.empty() && s[0] == 'v') s.remove_prefix(1);
  SemVer v;
  absl::string_view* parts[] = {&v.major, &v.minor, &v.patch};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (s.empty() || s[0] != '.') {
        return InvalidVersion(scheme, text, "want MAJOR.MINOR.PATCH");
      }
      s.remove_prefix(1);
    }
    if (!TakeNumber(s, *parts[i])) {
      return InvalidVersion(scheme, text,
                            "MAJOR.MINOR.PATCH must be numbers without leading zeros");
    }
  }
  size_t plus = s.find('+');
  absl::string_view pre = s.substr(0, plus);
  if (plus != absl::string_view::npos) {
    v.build = s.substr(plus + 1);
    if (!ValidSemVerIdentifiers(v.build, false)) {
      return InvalidVersion(scheme, text, "invalid build metadata");
    }
  }
  if (!pre.empty()) {
    if (pre[0] != '-') return InvalidVersion(scheme, text, "want MAJOR.MINOR.PATCH");
    v.prerelease = pre.substr(1);
    if (!ValidSemVerIdentifiers(v.prerelease, true)) {
      return InvalidVersion(scheme, text, "invalid pre-release");
    }
  }
  return v;
}

int CompareSemVerPrerelease(absl::string_view a, absl::string_view b) {
  while (true) {
    size_t da = a.find('.'), db = b.find('.');
    int c = CompareIdentifier(a.substr(0, da), b.substr(0, db));
    if (c != 0) return c;
    if (da == absl::string_view::npos || db == absl::string_view::npos) {
      if (da == db) return 0;
      return da == absl::string_view::npos ? -1 : 1;
    }
    a.remove_prefix(da + 1);
    b.remove_prefix(db + 1);
  }
}

int CompareSemVer(const SemVer& a, const SemVer& b) {
  int c = CompareDigitRuns(a.major, b.major);
  if (c == 0) c = CompareDigitRuns(a.minor, b.minor);
  if (c == 0) c = CompareDigitRuns(a.patch, b.patch);
  if (c != 0) return c;
  if (a.prerelease.empty() || b.prerelease.empty()) {
    return ThreeWay(a.prerelease.empty(), b.prerelease.empty());
  }
  return CompareSemVerPrerelease(a.prerelease, b.prerelease);
}

const VersionScheme& CargoScheme() {
  static const SemVerSchemeImpl* const kInstance = new SemVerSchemeImpl("cargo", false);
  return *kInstance;
}

const VersionScheme& SemverScheme() {
  static const SemVerSchemeImpl* const kInstance = new SemVerSchemeImpl("semver", true);
  return *kInstance;
}

}  // namespace moat::vulndb
