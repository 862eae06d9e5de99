// rpmvercmp and EVR comparison, written from rpm's documented version comparison rules.
#include "vulndb/version_rpm.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "rpm";

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }

// Reads at `s` (a null character past the end) like rpm reads a C string.
char At(absl::string_view s, size_t i) { return i < s.size() ? s[i] : '\0'; }

size_t SkipSeparators(absl::string_view s, size_t i) {
  while (i < s.size() && !IsAlnum(s[i]) && s[i] != '~' && s[i] != '^') ++i;
  return i;
}

size_t SegmentEnd(absl::string_view s, size_t i, bool digits) {
  while (i < s.size() && (digits ? IsDigit(s[i]) : IsAlpha(s[i]))) ++i;
  return i;
}

int CompareAlpha(absl::string_view a, absl::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

class RpmSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ParseRpmVersion(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(RpmVersion va, ParseRpmVersion(a));
    MOAT_ASSIGN_OR_RETURN(RpmVersion vb, ParseRpmVersion(b));
    return CompareRpmVersions(va, vb);
  }
};

}  // namespace

int RpmVerCmp(absl::string_view a, absl::string_view b) {
  if (a == b) return 0;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    i = SkipSeparators(a, i);
    j = SkipSeparators(b, j);
    char ca = At(a, i), cb = At(b, j);
    if (ca == '~' || cb == '~') {  // '~' sorts before everything else
      if (ca != '~') return 1;
      if (cb != '~') return -1;
      ++i, ++j;
      continue;
    }
    if (ca == '^' || cb == '^') {  // '^' sorts after the end, before any other segment
      if (ca == '\0') return -1;
      if (cb == '\0') return 1;
      if (ca != '^') return 1;
      if (cb != '^') return -1;
      ++i, ++j;
      continue;
    }
    if (ca == '\0' || cb == '\0') break;
    const bool digits = IsDigit(ca);
    size_t ea = SegmentEnd(a, i, digits), eb = SegmentEnd(b, j, digits);
    if (eb == j) return digits ? 1 : -1;  // numeric segments are newer than alpha ones
    absl::string_view sa = a.substr(i, ea - i), sb = b.substr(j, eb - j);
    int c = digits ? CompareDigitRuns(sa, sb) : CompareAlpha(sa, sb);
    if (c != 0) return c;
    i = ea;
    j = eb;
  }
  if (i >= a.size() && j >= b.size()) return 0;
  return i < a.size() ? 1 : -1;
}

absl::StatusOr<RpmVersion> ParseRpmVersion(absl::string_view text) {
  if (text.empty()) return InvalidVersion(kScheme, text, "version is empty");
  for (char c : text) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      return InvalidVersion(kScheme, text, "contains whitespace or a control character");
    }
  }
  RpmVersion v;
  size_t digits = 0;
  while (digits < text.size() && IsDigit(text[digits])) ++digits;
  absl::string_view rest = text;
  if (digits < text.size() && text[digits] == ':') {
    if (digits == 0) return InvalidVersion(kScheme, text, "epoch is empty");
    v.epoch = text.substr(0, digits);
    rest = text.substr(digits + 1);
  }
  size_t hyphen = rest.rfind('-');
  v.version = rest.substr(0, hyphen);
  if (hyphen != absl::string_view::npos) {
    v.release = rest.substr(hyphen + 1);
    if (v.release->empty()) return InvalidVersion(kScheme, text, "release is empty");
  }
  if (v.version.empty()) return InvalidVersion(kScheme, text, "version is empty");
  return v;
}

int CompareRpmVersions(const RpmVersion& a, const RpmVersion& b) {
  int c = CompareDigitRuns(a.epoch, b.epoch);
  if (c != 0) return c;
  c = RpmVerCmp(a.version, b.version);
  if (c != 0 || !a.release || !b.release) return c;
  return RpmVerCmp(*a.release, *b.release);
}

const VersionScheme& RpmScheme() {
  static const RpmSchemeImpl* const kInstance = new RpmSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
