// dpkg version parsing and comparison, written from Debian Policy 5.6.12 and dpkg's documented
// parseversion rules.
#include "vulndb/version_dpkg.h"

#include <climits>

#include "absl/strings/ascii.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr absl::string_view kScheme = "deb";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Sort weight of one character in a non-digit run; 0 stands for the end of the part and digits.
int Weight(absl::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (IsDigit(c)) return 0;
  if (absl::ascii_isalpha(c)) return c;
  if (c == '~') return -1;
  return c + 256;
}

// Parses the epoch in `text` before `colon` like strtol + dpkg's checks.
absl::StatusOr<int> ParseEpoch(absl::string_view text, size_t colon) {
  size_t i = 0;
  bool negative = false;
  if (i < colon && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  size_t digits_start = i;
  long long value = 0;
  bool too_big = false;
  while (i < text.size() && IsDigit(text[i])) {
    value = value * 10 + (text[i] - '0');
    if (value > INT_MAX) {
      too_big = true;
      value = INT_MAX;
    }
    ++i;
  }
  if (i == digits_start) return InvalidVersion(kScheme, text, "epoch in version is empty");
  if (i != colon) return InvalidVersion(kScheme, text, "epoch in version is not number");
  if (negative && value != 0) return InvalidVersion(kScheme, text, "epoch in version is negative");
  if (too_big) return InvalidVersion(kScheme, text, "epoch in version is too big");
  return static_cast<int>(value);
}

absl::Status CheckCharacters(absl::string_view text, const DpkgVersion& version) {
  if (version.upstream.empty()) return InvalidVersion(kScheme, text, "version number is empty");
  if (!IsDigit(version.upstream[0])) {
    return InvalidVersion(kScheme, text, "version number does not start with digit");
  }
  for (char c : version.upstream) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        absl::string_view(".-+~:").find(c) == absl::string_view::npos) {
      return InvalidVersion(kScheme, text, "invalid character in version number");
    }
  }
  for (char c : version.revision) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) &&
        absl::string_view(".+~").find(c) == absl::string_view::npos) {
      return InvalidVersion(kScheme, text, "invalid character in revision number");
    }
  }
  return absl::OkStatus();
}

class DpkgSchemeImpl : public VersionScheme {
 public:
  absl::string_view name() const override { return kScheme; }
  absl::Status Validate(absl::string_view version) const override {
    return ParseDpkgVersion(version).status();
  }
  absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const override {
    MOAT_ASSIGN_OR_RETURN(DpkgVersion va, ParseDpkgVersion(a));
    MOAT_ASSIGN_OR_RETURN(DpkgVersion vb, ParseDpkgVersion(b));
    return CompareDpkgVersions(va, vb);
  }
};

}  // namespace

absl::StatusOr<DpkgVersion> ParseDpkgVersion(absl::string_view text) {
  size_t begin = 0;
  while (begin < text.size() && IsBlank(text[begin])) ++begin;
  if (begin == text.size()) return InvalidVersion(kScheme, text, "version string is empty");
  size_t end = begin;
  while (end < text.size() && !IsBlank(text[end])) ++end;
  for (size_t i = end; i < text.size(); ++i) {
    if (!IsBlank(text[i]))
      return InvalidVersion(kScheme, text, "version string has embedded spaces");
  }
  absl::string_view s = text.substr(begin, end - begin);
  DpkgVersion version;
  size_t colon = s.find(':');
  if (colon != absl::string_view::npos) {
    MOAT_ASSIGN_OR_RETURN(version.epoch, ParseEpoch(s, colon));
    if (colon + 1 == s.size()) {
      return InvalidVersion(kScheme, text, "nothing after colon in version number");
    }
    s.remove_prefix(colon + 1);
  }
  size_t hyphen = s.rfind('-');
  version.upstream = s;
  if (hyphen != absl::string_view::npos) {
    version.upstream = s.substr(0, hyphen);
    version.revision = s.substr(hyphen + 1);
    if (version.revision.empty()) return InvalidVersion(kScheme, text, "revision number is empty");
  }
  MOAT_RETURN_IF_ERROR(CheckCharacters(text, version));
  return version;
}

int DpkgCompareParts(absl::string_view a, absl::string_view b) {
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !IsDigit(a[i])) || (j < b.size() && !IsDigit(b[j]))) {
      int wa = Weight(a, i);
      int wb = Weight(b, j);
      if (wa != wb) return wa - wb;
      ++i;
      ++j;
    }
    while (i < a.size() && a[i] == '0') ++i;
    while (j < b.size() && b[j] == '0') ++j;
    int first_diff = 0;
    while (i < a.size() && IsDigit(a[i]) && j < b.size() && IsDigit(b[j])) {
      if (first_diff == 0) first_diff = a[i] - b[j];
      ++i;
      ++j;
    }
    if (i < a.size() && IsDigit(a[i])) return 1;
    if (j < b.size() && IsDigit(b[j])) return -1;
    if (first_diff != 0) return first_diff;
  }
  return 0;
}

int CompareDpkgVersions(const DpkgVersion& a, const DpkgVersion& b) {
  if (a.epoch != b.epoch) return a.epoch < b.epoch ? -1 : 1;
  int c = DpkgCompareParts(a.upstream, b.upstream);
  if (c != 0) return c < 0 ? -1 : 1;
  c = DpkgCompareParts(a.revision, b.revision);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

const VersionScheme& DpkgScheme() {
  static const DpkgSchemeImpl* const kInstance = new DpkgSchemeImpl();
  return *kInstance;
}

}  // namespace moat::vulndb
