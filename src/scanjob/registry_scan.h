// The center's registry operations: checking credentials, listing repositories, and finding the
// tags whose images need a scan (new or moved tags, digests never scanned) to queue them.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "scanjob/scan_env.h"
#include "store/store.h"

namespace moat::scanjob {

// Pings /v2/ and sends an authenticated GET /v2/ with the record's username and `password`.
// Errors say what failed: the connection (Unavailable), TLS, a server that is no registry, or
// refused credentials (PermissionDenied "registry \"name\" refused the credentials: HTTP 401 ...").
absl::Status TestRegistry(const ScanEnv& env, const store::RegistryRecord& registry,
                          const std::string& password);

// The repositories to scan, sorted: the record's configured repositories when it names any (they
// are the registry's scope), else GET /v2/_catalog (Link pagination, bounded). A denied or absent
// catalog (401, 403, 404) without configured repositories is a FailedPrecondition saying so.
absl::StatusOr<std::vector<std::string>> ListRepositories(const ScanEnv& env,
                                                          const store::RegistryRecord& registry);

// For every repository and tag: resolves the tag's manifest digest, records it (RecordTag) and,
// when a tag is new or moved or its digest has no stored scan, enqueues a "scan" job for the
// digest with payload {"registryId", "repository", "tag", "tags"} (every tag of the repository on
// that digest). Returns the jobs enqueued (or already queued for the digest), one per digest.
// Marks the registry scanned. A repository the registry no longer knows (404) is skipped.
absl::StatusOr<std::vector<store::JobRecord>> EnqueueRegistryScan(
    const ScanEnv& env, const store::RegistryRecord& registry);

}  // namespace moat::scanjob
