// Image references as Docker and OCI tools write them ("ubuntu", "quay.io/team/app:1.2",
// "127.0.0.1:5000/demo/app@sha256:…"), parsed and normalised to registry, repository and
// tag/digest.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::image {

struct RegistryReference {
  std::string registry;    // "docker.io", "registry.example:5000", "127.0.0.1:5000", "[::1]:5000"
  std::string repository;  // "library/ubuntu", "team/app"
  std::string tag;         // "" when only a digest was given; "latest" when neither was
  std::string digest;      // "sha256:<hex>", or "" when pulled by tag

  // Host[:port] serving the v2 API: "registry-1.docker.io" for docker.io, else `registry`.
  std::string ApiHost() const;
  // What the manifest is fetched by: the digest when there is one, else the tag.
  std::string ManifestRef() const;
  // "registry/repository".
  std::string Name() const;
  // "registry/repository[:tag][@digest]", the canonical spelling used in messages and reports.
  std::string ToString() const;
};

// Parses `text` with Docker's rules: a first component with '.' or ':', or "localhost", is the
// registry, else the registry is docker.io (and a one-component name gets "library/"); the tag
// defaults to "latest" when there is no digest. Only sha256 digests are accepted. Errors read
// `invalid image reference "<text>": <reason>`.
absl::StatusOr<RegistryReference> ParseRegistryReference(absl::string_view text);

}  // namespace moat::image
