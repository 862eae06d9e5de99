// Package URLs (purl-spec): the canonical string naming a package across tools, with the
// namespaces and distro qualifiers that Trivy emits for OS packages (docs/formats/purl.md).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "inventory/package.h"

namespace moat::inventory {

// The components of a purl, not yet encoded.
struct PackageUrl {
  std::string type;
  std::string namespace_;  // '/'-separated segments ("@babel", "github.com/pkg")
  std::string name;
  std::string version;
  std::vector<std::pair<std::string, std::string>> qualifiers;  // any order
  std::string subpath;

  // The canonical string: each component percent-encoded, namespace and subpath per segment
  // (empty segments dropped), qualifier keys lowercased and sorted, empty values dropped.
  std::string ToString() const;
};

// Percent-encodes every byte except the purl "allowed set" (A-Z a-z 0-9 . - _ ~) and ':',
// which the spec says is never encoded. "+" becomes "%2B", "@" "%40", "/" "%2F".
std::string PurlEncode(absl::string_view text);

// The purl namespace for an OS family as OsInfo::family spells it: "rhel" -> "redhat",
// "sles" -> "suse", "opensuse-leap" -> "opensuse"; unknown families are lowercased.
std::string PurlOsNamespace(absl::string_view family);

// The purl of `package`; `os` supplies the namespace and distro qualifier of OS packages.
// Returns "" when the package has no name. Never fails: odd bytes are percent-encoded.
std::string MakePurl(const Package& package, const std::optional<OsInfo>& os);

}  // namespace moat::inventory
