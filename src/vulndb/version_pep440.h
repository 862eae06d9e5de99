// Python package versions (PEP 440) as pypa/packaging parses, normalises and orders them, and
// version specifier sets ("~=1.2, !=1.3.*, <2") with its matching and pre-release rules.
#pragma once

#include <string>

#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// A parsed version; the views point into the parsed text. Numbers are digit runs of any size.
struct Pep440Version {
  absl::string_view epoch;                            // empty when absent (0)
  absl::InlinedVector<absl::string_view, 6> release;  // at least one number
  char pre_kind = 0;                                  // 'a', 'b', 'r' (rc) or 0: none
  absl::string_view pre;                              // its number ("" = 0)
  bool has_post = false;
  absl::string_view post;  // "" = 0
  bool has_dev = false;
  absl::string_view dev;    // "" = 0
  absl::string_view local;  // after '+', separators as written

  bool is_prerelease() const { return pre_kind != 0 || has_dev; }
};

// Parses like packaging.version.Version: case-insensitive, surrounding whitespace and a leading
// 'v' ignored, alternative spellings (alpha, c, pre, preview, rev, r, -N, separators -_.)
// accepted. InvalidArgument with the reason otherwise.
absl::StatusOr<Pep440Version> ParsePep440(absl::string_view text);

// PEP 440 ordering (trailing zeros of the release ignored, dev < pre < final < post, local
// versions after their public version). Returns -1, 0 or 1.
int ComparePep440(const Pep440Version& a, const Pep440Version& b);

// str(Version): the normalised form, e.g. "1!2.0rc1.post3.dev4+ubuntu.1".
std::string NormalizePep440(const Pep440Version& v);
// Version.public (without the local part) and Version.base_version (epoch and release).
std::string Pep440Public(const Pep440Version& v);
std::string Pep440BaseVersion(const Pep440Version& v);
// Version.local normalised ("" when none).
std::string Pep440Local(const Pep440Version& v);

// Whether `version` is in the comma-separated specifier set (packaging's
// SpecifierSet.contains with default pre-release handling: a pre-release matches when the
// specifiers allow it). `===` compares strings; other operators need a valid version. An
// invalid specifier set, or an invalid version with no `===`, is an InvalidArgument error.
// Defined in version_pep440_specifier.cc.
absl::StatusOr<bool> Pep440Satisfies(absl::string_view version, absl::string_view specifier_set);

// Python's str.strip(): removes Unicode whitespace (UTF-8) at both ends.
absl::string_view StripPythonSpace(absl::string_view s);

// The "pypi" scheme.
const VersionScheme& Pep440Scheme();

}  // namespace moat::vulndb
