// npm naming and metadata shared by the package.json, package-lock, yarn and pnpm catalogers:
// "name@spec" splitting with scopes, "npm:" aliases, name validity and licence fields.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/json.h"
#include "inventory/package.h"

namespace moat::inventory {

// A name as the npm registry accepts it: 1-214 bytes, "name" or "@scope/name" with exactly one
// '/', no whitespace, control bytes or any of " < > \ { } | ^ ` ' and not starting with '.'.
bool IsValidNpmName(absl::string_view name);

// Splits "name@spec" at the '@' after the name; a leading '@' belongs to a scoped name
// ("@types/node@^18" -> "@types/node", "^18"). False when there is no such '@'.
bool SplitNpmSpec(absl::string_view text, absl::string_view* name, absl::string_view* spec);

// The protocol of a dependency spec: "npm" for "npm:...", "git+https" for "git+https://...",
// "" when the spec has none ("^1.2.0", "1.0.0").
absl::string_view NpmSpecProtocol(absl::string_view spec);

// Licences of a package.json-shaped object: "license" as a string, an object {"type": ...} or
// an array of either; the legacy "licenses" array. Empty and non-string values are skipped.
std::vector<std::string> NpmLicenses(const Json& object);

// An npm package with the fields every npm cataloger sets.
Package MakeNpmPackage(std::string name, std::string version, PackageOrigin origin);

}  // namespace moat::inventory
