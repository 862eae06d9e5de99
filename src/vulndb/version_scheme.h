// Version comparison per ecosystem: one VersionScheme per versioning rule set, looked up by the
// package-URL type. Exact semantics of each upstream tool (dpkg, apk-tools, rpmvercmp, node
// semver, PEP 440, Maven ComparableVersion, Go semver, RubyGems, NuGet, Composer).
#pragma once

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

// The scheme for a package-URL type ("deb", "apk", "rpm", "npm", "pypi", "maven", "golang",
// "gem", "nuget", "composer", "cargo" (semver), "oci"?): nullptr when there is none.
const VersionScheme* VersionSchemeFor(absl::string_view ecosystem);

}  // namespace moat::vulndb
