// npm versions and ranges with node-semver's semantics: strict and loose parsing, comparison
// (pre-release precedence, build ignored) and range satisfaction (^ ~ x-ranges, hyphen ranges,
// ||, the pre-release rule and includePrerelease).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_scheme.h"

namespace moat::vulndb {

// node-semver's options.
struct NpmOptions {
  bool loose = false;               // accept "=1.2.3", "1.2.3beta", leading zeros, ...
  bool include_prerelease = false;  // let ranges match any pre-release
};

// A parsed version; the views point into the parsed text.
struct NpmVersion {
  uint64_t major = 0, minor = 0, patch = 0;  // each at most 2^53-1 (Number.MAX_SAFE_INTEGER)
  absl::string_view prerelease;              // dot-separated, without the '-'
  absl::string_view build;                   // without the '+'
};

// Parses like `new SemVer(text, {loose})`: at most 256 characters, surrounding whitespace
// ignored, an optional 'v' (strict) or any of "v= " (loose) in front.
absl::StatusOr<NpmVersion> ParseNpmVersion(absl::string_view text, bool loose = false);

// node-semver's compare(): major, minor, patch, then pre-release precedence. Returns -1, 0, 1.
int CompareNpmVersions(const NpmVersion& a, const NpmVersion& b);

// The version as node-semver prints it ("1.2.3-beta.1"; no build; numeric identifiers without
// leading zeros).
std::string FormatNpmVersion(const NpmVersion& v);

// Whether `version` satisfies the npm range `range` (node-semver's satisfies(), but an invalid
// range or version is an InvalidArgument error rather than false). See version_npm_range.h.
absl::StatusOr<bool> NpmSatisfies(absl::string_view version, absl::string_view range,
                                  const NpmOptions& options = {});

// The "npm" scheme (strict parsing, as the registry stores versions).
const VersionScheme& NpmScheme();

// --- Building blocks shared with the range parser ---

// The pieces node-semver's version regexes capture; views into the matched text. A component
// is empty when absent and may be "x", "X" or "*" in x-ranges.
struct NpmPlain {
  absl::string_view major, minor, patch;
  absl::string_view prerelease, build;
};

// Which of node-semver's "plain" patterns to match: FULLPLAIN, LOOSEPLAIN, XRANGEPLAIN,
// XRANGEPLAINLOOSE.
enum class NpmPlainKind { kFull, kLoose, kXRange, kXRangeLoose };

// Whether all of `s` matches the pattern `kind`; fills `out` with the captures.
bool MatchNpmPlain(absl::string_view s, NpmPlainKind kind, NpmPlain* out);

// JavaScript's \s for the ASCII range.
bool IsNpmSpace(char c);

// Length of the longest `ident(.ident)*` at the front of `s`, ident = [0-9A-Za-z-]+ (node-semver's
// pre-release and build identifier lists, loosely).
size_t NpmIdentifiersLength(absl::string_view s);

}  // namespace moat::vulndb
