// PEP 440 version specifiers (packaging.specifiers): parsing one comma-separated set and testing
// whether a version is in it. Pep440Satisfies (version_pep440.h) is the entry point.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/version_pep440.h"

namespace moat::vulndb {

enum class Pep440Op {
  kCompatible,
  kEqual,
  kNotEqual,
  kLessEqual,
  kGreaterEqual,
  kLess,
  kGreater,
  kArbitrary
};

struct Pep440Specifier {
  Pep440Op op = Pep440Op::kEqual;
  std::string version;    // as written, without a trailing ".*" and surrounding whitespace
  bool wildcard = false;  // "==1.2.*" / "!=1.2.*"
};

// Parses "~=1.2, !=1.3.*, <2" like packaging.specifiers.SpecifierSet (empty items skipped).
// InvalidArgument naming the first invalid specifier.
absl::StatusOr<std::vector<Pep440Specifier>> ParsePep440Specifiers(absl::string_view set);

// Specifier.contains with default pre-release handling. `version` is null when `raw` is not a
// valid PEP 440 version (only "===" can then match).
bool Pep440SpecifierContains(const Pep440Specifier& spec, const Pep440Version* version,
                             absl::string_view raw);

}  // namespace moat::vulndb
