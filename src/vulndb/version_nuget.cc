// NuGet version parsing and ordering, written from the NuGet documentation on package versioning
// (SemVer 2.0 support, four-part versions, normalisation, case-insensitive labels).
#include "vulndb/version_nuget.h"

#include "absl/strings/ascii.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "nuget";
constexpr uint64_t kMaxInt32 = 2147483647;

bool IsLabelChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// Label parts: non-empty [0-9A-Za-z-]+; unless `leading_zeros`, "0" but not "01".
bool ValidParts(absl::string_view s, bool leading_zeros) {
  while (true) {
    size_t dot = s.find('.');
    absl::string_view part = s.substr(0, dot);
    if (part.empty()) return false;
    bool digits = true;
    for (char c : part) {
      if (!IsLabelChar(c)) return false;
      digits = digits && IsDigit(c);
    }
    if (!leading_zeros && digits && part.size() > 1 && part[0] == '0') return false;
    if (dot == absl::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// The numeric part: 1 to 4 dot-separated non-negative 32-bit integers.
bool ParseNumbers(absl::string_view s, uint32_t parts[4]) {
  int count = 0;
  while (true) {
    size_t dot = s.find('.');
    absl::string_view number = s.substr(0, dot);
    if (number.empty() || count == 4) return false;
    uint64_t value = 0;
    for (char c : number) {
      if (!IsDigit(c)) return false;
      value = value * 10 + static_cast<uint64_t>(c - '0');
      if (value > kMaxInt32) return false;
    }
    parts[count++] = static_cast<uint32_t>(value);
    if (dot == absl::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// Int32.TryParse on a label: an optional '-' and digits within the 32-bit range.
bool NumericLabel(absl::string_view label, int64_t* value) {
  bool negative = !label.empty() && label[0] == '-';
  if (negative) label.remove_prefix(1);
  if (label.empty()) return false;
  int64_t v = 0;
  for (char c : label) {
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
    if (v > static_cast<int64_t>(kMaxInt32) + 1) return false;
  }
  if (!negative && v > static_cast<int64_t>(kMaxInt32)) return false;
  *value = negative ? -v : v;
  return true;
}

// StringComparer.OrdinalIgnoreCase.
int CompareIgnoreCase(absl::string_view a, absl::string_view b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    char ca = absl::ascii_toupper(static_cast<unsigned char>(a[i]));
    char cb = absl::ascii_toupper(static_cast<unsigned char>(b[i]));
    if (ca != cb) return static_cast<unsigned char>(ca) < static_cast<unsigned char>(cb) ? -1 : 1;
  }
  return ThreeWay(a.size(), b.size());
}

int CompareLabel(absl::string_view a, absl::string_view b) {
  int64_t na = 0, nb = 0;
  const bool numeric_a = NumericLabel(a, &na), numeric_b = NumericLabel(b, &nb);
  if (numeric_a && numeric_b) return ThreeWay(na, nb);
  if (numeric_a != numeric_b) return numeric_a ? -1 : 1;
  return CompareIgnoreCase(a, b);
}

class NuGetSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ParseNuGetVersion(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(NuGetVersion va, ParseNuGetVersion(a));
    MOAT_ASSIGN_OR_RETURN(NuGetVersion vb, ParseNuGetVersion(b));
    return CompareNuGetVersions(va, vb);
  }
};

}  // namespace

absl::StatusOr<NuGetVersion> ParseNuGetVersion(absl::string_view text) {
  absl::string_view s = absl::StripAsciiWhitespace(text);
  if (s.empty()) return InvalidVersion(kScheme, text, "empty");
  NuGetVersion v;
  size_t sep = s.find_first_of("-+");
  absl::string_view numbers = s.substr(0, sep);
  if (sep != absl::string_view::npos) {
    absl::string_view rest = s.substr(sep + 1);
    if (s[sep] == '-') {
      size_t plus = rest.find('+');
      v.release = rest.substr(0, plus);
      if (!ValidParts(v.release, false)) return InvalidVersion(kScheme, text, "bad release label");
      rest = plus == absl::string_view::npos ? absl::string_view() : rest.substr(plus + 1);
      if (plus == absl::string_view::npos) sep = absl::string_view::npos;
    }
    if (sep != absl::string_view::npos) {
      v.metadata = rest;
      if (!ValidParts(v.metadata, true)) return InvalidVersion(kScheme, text, "bad metadata");
    }
  }
  if (!ParseNumbers(numbers, v.parts)) {
    return InvalidVersion(kScheme, text, "want 1 to 4 numbers below 2^31 (1.2.3.4)");
  }
  return v;
}

int CompareNuGetVersions(const NuGetVersion& a, const NuGetVersion& b) {
  for (int i = 0; i < 4; ++i) {
    if (a.parts[i] != b.parts[i]) return a.parts[i] < b.parts[i] ? -1 : 1;
  }
  if (a.release.empty() || b.release.empty()) {
    return ThreeWay(a.release.empty(), b.release.empty());
  }
  absl::string_view ra = a.release, rb = b.release;
  while (true) {
    size_t da = ra.find('.'), db = rb.find('.');
    int c = CompareLabel(ra.substr(0, da), rb.substr(0, db));
    if (c != 0) return c;
    if (da == absl::string_view::npos || db == absl::string_view::npos) {
      return da == db ? 0 : (da == absl::string_view::npos ? -1 : 1);
    }
    ra.remove_prefix(da + 1);
    rb.remove_prefix(db + 1);
  }
}

const VersionScheme& NuGetScheme() {
  static const NuGetSchemeImpl* const kInstance = new NuGetSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
