// Java archive metadata: META-INF/MANIFEST.MF, Maven pom.properties and the coordinates that
// an archive's file name implies ("commons-lang3-3.12.0.jar").
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// Maven coordinates; `group` may be empty when only the artifact is known.
struct JavaCoordinates {
  std::string group;
  std::string artifact;
  std::string version;

  bool complete() const { return !artifact.empty() && !version.empty(); }
  // "group:artifact"; without a group "artifact:artifact" (see the .cc for why).
  std::string Name() const;
};

struct JavaManifest {
  using Attributes = std::vector<std::pair<std::string, std::string>>;
  Attributes main;                    // the main section
  std::vector<Attributes> per_entry;  // "Name:" sections, in order
  // The value of `attribute` (case-insensitive) in the main section, else in the first
  // per-entry section that has it; "" when absent.
  std::string Get(absl::string_view attribute) const;
};

// Parses MANIFEST.MF (continuation lines, CRLF or LF). Never fails: lines without ": " are
// skipped.
JavaManifest ParseManifest(absl::string_view text);

// groupId/artifactId/version of a pom.properties; fields stay empty when absent or unresolved
// ("${project.version}").
JavaCoordinates ParsePomProperties(absl::string_view text);

// What a manifest says about its archive: artifact from Implementation-Title,
// Specification-Title or Bundle-Name and version from Implementation-Version, Bundle-Version or
// Specification-Version (the first that is a single word); group from Implementation-Vendor-Id
// only when Bundle-SymbolicName is "<group>.<artifact>".
JavaCoordinates ManifestCoordinates(const JavaManifest& manifest);

// "log4j-1.2.17.jar" => {"", "log4j", "1.2.17"}: the artifact is everything before the last
// "-<digit>", as in Trivy's pattern ^([a-zA-Z0-9._-]*[^-*])-(\d\S*)\.[jwehp]ar$ (extended to
// .jpi and .hpi). Empty coordinates when the name does not match.
JavaCoordinates CoordinatesFromFileName(absl::string_view file_name);

}  // namespace moat::inventory
