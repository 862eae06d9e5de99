// Go version parsing and ordering, written from the golang.org/x/mod/semver documentation and
// the Go release tag format (goX.Y[.Z][betaN|rcN]).
#include "vulndb/version_golang.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/version_semver.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "golang";


absl::string_view TakeDigits(absl::string_view& s) {
  size_t n = 0;
  while (n < s.size() && IsDigit(s[n])) ++n;
  absl::string_view out = s.substr(0, n);
  s.remove_prefix(n);
  return out;
}

// A number without leading zeros.
bool TakeNumber(absl::string_view& s, absl::string_view* out) {
  *out = TakeDigits(s);
  return !out->empty() && (out->size() == 1 || (*out)[0] != '0');
}

class GoSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return Parse(version, nullptr).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    std::string sa, sb;
    MOAT_ASSIGN_OR_RETURN(GoVersion va, Parse(a, &sa));
    MOAT_ASSIGN_OR_RETURN(GoVersion vb, Parse(b, &sb));
    return CompareGoVersions(va, vb);
  }

 private:
  static absl::StatusOr<GoVersion> Parse(absl::string_view text, std::string* storage) {
    std::string local;
    absl::StatusOr<GoVersion> v =
        ParseGoSemver(NormalizeGoVersion(text, storage != nullptr ? storage : &local));
    if (!v.ok()) return InvalidVersion(kScheme, text, "not a Go module version (vX.Y.Z)");
    return v;
  }
};

}  // namespace

absl::StatusOr<GoVersion> ParseGoSemver(absl::string_view text) {
  absl::string_view s = text;
  GoVersion v;
  auto bad = [&](absl::string_view why) { return InvalidVersion(kScheme, text, why); };
  if (s.empty() || s[0] != 'v') return bad("does not start with v");
  s.remove_prefix(1);
  if (!TakeNumber(s, &v.major)) return bad("bad major version");
  v.minor = v.patch = "0";
  if (s.empty()) return v;
  if (s[0] != '.') return bad("want vMAJOR[.MINOR[.PATCH]]");
  s.remove_prefix(1);
  if (!TakeNumber(s, &v.minor)) return bad("bad minor version");
  if (s.empty()) return v;
  if (s[0] != '.') return bad("want vMAJOR[.MINOR[.PATCH]]");
  s.remove_prefix(1);
  if (!TakeNumber(s, &v.patch)) return bad("bad patch version");
  if (!s.empty() && s[0] == '-') {
    size_t end = s.find('+');
    v.prerelease = s.substr(1, end == absl::string_view::npos ? end : end - 1);
    if (!ValidSemVerIdentifiers(v.prerelease, true)) return bad("bad pre-release");
    s.remove_prefix(1 + v.prerelease.size());
  }
  if (!s.empty() && s[0] == '+') {
    v.build = s.substr(1);
    if (!ValidSemVerIdentifiers(v.build, false)) return bad("bad build metadata");
    s = {};
  }
  if (!s.empty()) return bad("want vMAJOR[.MINOR[.PATCH]]");
  return v;
}

std::string GoCanonical(const GoVersion& v) {
  std::string out = absl::StrCat("v", v.major, ".", v.minor, ".", v.patch);
  if (!v.prerelease.empty()) absl::StrAppend(&out, "-", v.prerelease);
  return out;
}

int CompareGoVersions(const GoVersion& a, const GoVersion& b) {
  int c = CompareDigitRuns(a.major, b.major);
  if (c == 0) c = CompareDigitRuns(a.minor, b.minor);
  if (c == 0) c = CompareDigitRuns(a.patch, b.patch);
  if (c != 0) return c;
  if (a.prerelease.empty() || b.prerelease.empty()) {
    return ThreeWay(a.prerelease.empty(), b.prerelease.empty());
  }
  return CompareSemVerPrerelease(a.prerelease, b.prerelease);
}

absl::string_view NormalizeGoVersion(absl::string_view text, std::string* storage) {
  if (!text.empty() && IsDigit(text[0])) {
    *storage = absl::StrCat("v", text);
    return *storage;
  }
  if (!absl::StartsWith(text, "go")) return text;
  // goMAJOR.MINOR[.PATCH][(beta|rc)N]; "go1" alone is v1.0.0.
  absl::string_view s = text.substr(2);
  absl::string_view major = TakeDigits(s), minor, patch, kind, n;
  if (major.empty()) return text;
  if (s.empty() && major == "1") return *storage = "v1.0.0";
  if (s.empty() || s[0] != '.') return text;
  s.remove_prefix(1);
  minor = TakeDigits(s);
  if (minor.empty()) return text;
  if (!s.empty() && s[0] == '.') {
    s.remove_prefix(1);
    patch = TakeDigits(s);
    if (patch.empty()) return text;
  }
  for (absl::string_view label : {"beta", "rc"}) {
    if (absl::StartsWith(s, label)) {
      kind = label;
      s.remove_prefix(label.size());
      n = TakeDigits(s);
      if (n.empty()) return text;
      break;
    }
  }
  if (!s.empty()) return text;
  *storage = absl::StrCat("v", major, ".", minor, ".", patch.empty() ? "0" : patch);
  if (!kind.empty()) absl::StrAppend(storage, "-", kind, ".", n);
  return *storage;
}

const VersionScheme& GoScheme() {
  static const GoSchemeImpl* const kInstance = new GoSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
