// Pushes test content into a real registry through image::RegistryClient (authenticated with
// scope pull,push; monolithic blob uploads), so integration tests need neither Docker nor skopeo.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "image/registry_client.h"
#include "testing/registry_images.h"

namespace moat::testing {

// Uploads `blob` unless the registry already has it.
absl::Status PushBlob(image::RegistryClient& client, const RegistryBlob& blob);
// PUTs a manifest or index under `reference` (a tag or its digest).
absl::Status PushManifest(image::RegistryClient& client, const std::string& reference,
                          const RegistryBlob& manifest);
// Config, layers, then the manifest under `tag`.
absl::Status PushImage(image::RegistryClient& client, const std::string& tag,
                       const RegistryImage& image);

}  // namespace moat::testing
