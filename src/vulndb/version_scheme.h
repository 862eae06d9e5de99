// Version comparison per ecosystem: one VersionScheme per versioning rule set, looked up by the
// package-URL type. Exact semantics of each upstream tool (dpkg, apk-tools, rpmvercmp, node
// semver, PEP 440, Maven ComparableVersion, Go semver, RubyGems, NuGet, Composer).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

// Thread-safe and stateless.
class VersionScheme {
 public:
  virtual ~VersionScheme() = default;
  virtual absl::string_view name() const = 0;  // "deb", "npm", "pypi", ...
  // Whether `version` is valid in this scheme; the error says why.
  virtual absl::Status Validate(absl::string_view version) const = 0;
  // <0, 0 or >0 as a is older than, equal to or newer than b. Invalid versions are an error
  // (the matcher then skips that range rather than guess).
  virtual absl::StatusOr<int> Compare(absl::string_view a, absl::string_view b) const = 0;
};

// The scheme for a package-URL type: "deb", "apk", "rpm", "npm", "pypi", "maven", "golang", "gem",
// "nuget", "composer", "cargo", plus "semver" for OSV SEMVER ranges; nullptr when there is none.
// The schemes are immutable statics; the pointer stays valid for the life of the program.
const VersionScheme* VersionSchemeFor(absl::string_view ecosystem);

// Helpers shared by the schemes (version_scheme.cc).

// ASCII classes of version text (not locale-dependent, unlike <cctype>).
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// [0-9A-Za-z-]: a SemVer identifier character.
inline bool IsIdentChar(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}
// Non-empty and only ASCII digits.
inline bool AllDigits(absl::string_view s) {
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return !s.empty();
}

// Compares two runs of ASCII digits by numeric value, of any length (leading zeros ignored, the
// empty run is 0). Returns -1, 0 or 1.
int CompareDigitRuns(absl::string_view a, absl::string_view b);
// The digit run plus one, without leading zeros ("009" → "10", "" → "1").
std::string IncrementDigitRun(absl::string_view digits);
// Three-way result of comparing two values with operator<: -1, 0 or 1.
template <typename T>
int ThreeWay(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
// The error of every scheme for an invalid version: `invalid <scheme> version "<version>": <why>`
// (the version C-escaped and cut at 100 bytes).
absl::Status InvalidVersion(absl::string_view scheme, absl::string_view version,
                            absl::string_view why);

}  // namespace moat::vulndb
