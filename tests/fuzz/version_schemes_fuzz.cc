// Fuzzes every version scheme (Validate and Compare on a pair of strings, checking that Compare
// is antisymmetric and reflexive) and the npm and PEP 440 range parsers (an npm range's
// normalised form must parse, and be stable from the second round on: like node-semver, a first
// round may still drop ">=0.0.0" written as ">=v0.0.0" or ">=00.0.0"). Input: one flag byte,
// then "a\nb".
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/strings/string_view.h"
#include "vulndb/version_npm.h"
#include "vulndb/version_npm_range.h"
#include "vulndb/version_pep440.h"
#include "vulndb/version_scheme.h"

namespace {

[[noreturn]] void Fail(const char* what, absl::string_view a, absl::string_view b) {
  std::fprintf(stderr, "%s: \"%.*s\" / \"%.*s\"\n", what, static_cast<int>(a.size()), a.data(),
               static_cast<int>(b.size()), b.data());
  __builtin_trap();
}

void CheckSchemes(absl::string_view a, absl::string_view b) {
  for (const char* name : {"deb", "apk", "rpm", "npm", "pypi", "maven", "golang", "gem", "nuget",
                           "composer", "cargo", "semver"}) {
    const moat::vulndb::VersionScheme& scheme = *moat::vulndb::VersionSchemeFor(name);
    const bool valid_a = scheme.Validate(a).ok(), valid_b = scheme.Validate(b).ok();
    absl::StatusOr<int> ab = scheme.Compare(a, b), ba = scheme.Compare(b, a);
    if (ab.ok() != ba.ok()) Fail(name, a, b);
    if (valid_a && valid_b && name != absl::string_view("composer") && !ab.ok()) {
      Fail(name, a, b);  // only Composer branches may be valid yet unordered
    }
    if (ab.ok() && *ab != -*ba) Fail(name, a, b);
    if (valid_a) {
      absl::StatusOr<int> aa = scheme.Compare(a, a);
      if (!aa.ok() || *aa != 0) Fail(name, a, a);
    }
  }
}

void CheckRanges(absl::string_view version, absl::string_view range, uint8_t flags) {
  moat::vulndb::NpmOptions options;
  options.loose = flags & 1;
  options.include_prerelease = flags & 2;
  absl::StatusOr<moat::vulndb::NpmRange> parsed = moat::vulndb::ParseNpmRange(range, options);
  if (parsed.ok()) {
    auto round = [&](const std::string& text) {
      absl::StatusOr<moat::vulndb::NpmRange> r = moat::vulndb::ParseNpmRange(text, options);
      if (!r.ok()) Fail("npm range does not reparse", range, text);
      return moat::vulndb::FormatNpmRange(*r);
    };
    const std::string second = round(moat::vulndb::FormatNpmRange(*parsed));
    if (round(second) != second) Fail("npm range format is not stable", range, second);
  }
  (void)moat::vulndb::NpmSatisfies(version, range, options);
  (void)moat::vulndb::NpmOutside(version, range, (flags & 4) ? '<' : '>', options);
  (void)moat::vulndb::Pep440Satisfies(version, range);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 4096) return 0;
  const uint8_t flags = data[0];
  absl::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t newline = text.find('\n');
  absl::string_view a = text.substr(0, newline);
  absl::string_view b = newline == absl::string_view::npos ? a : text.substr(newline + 1);
  CheckSchemes(a, b);
  CheckRanges(a, b, flags);
  return 0;
}
