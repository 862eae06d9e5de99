// Reading a registry's lists: the catalog and a repository's tags (both paginated with Link
// headers, bounded), and the manifest digest a tag points at.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/registry_client.h"

namespace moat::scanjob {

// Pages followed and entries kept at most, so a hostile registry cannot make a listing endless.
inline constexpr int kMaxListPages = 100;
inline constexpr size_t kMaxListEntries = 100000;

// GET `url` (relative to the registry) and the pages its Link rel="next" headers name, and
// collects the strings of the array `field` ("repositories", "tags"). An HTTP error is an error
// whose code follows the status (401/403 PermissionDenied, 404 NotFound, 5xx Unavailable), with
// `what` as the message prefix.
absl::StatusOr<std::vector<std::string>> ListPaged(image::RegistryClient& client,
                                                   const std::string& url, absl::string_view field,
                                                   absl::string_view what);

// The tags of the client's repository (GET /v2/<repository>/tags/list), sorted.
absl::StatusOr<std::vector<std::string>> ListTags(image::RegistryClient& client);

// The digest `tag` points at: HEAD of the manifest (Docker-Content-Digest), else the digest of
// the manifest fetched whole.
absl::StatusOr<std::string> ResolveTagDigest(image::RegistryClient& client, const std::string& tag);

// The URL of a Link header's rel="next" target, or "" when there is none.
std::string NextLink(absl::string_view link);

}  // namespace moat::scanjob
