// One "scan" job of the queue: the image a registry tag points at, pulled (layer blobs through
// the blob cache), scanned, matched and stored — or, when the digest was scanned before, only
// the job's tags added to the stored image.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "report/scan_result.h"
#include "scanjob/scan_env.h"
#include "store/store.h"

namespace moat::scanjob {

// A scan job's payload: {"registryId", "repository", "tag", "tags"}.
struct ScanPayload {
  std::string registry_id;
  std::string repository;
  std::vector<std::string> tags;  // "tag" and "tags" together, sorted, unique
};
absl::StatusOr<ScanPayload> ParseScanPayload(const std::string& json);

// Adds the payload's tags to the stored image `digest` when it was scanned before, without a new
// scan (Store::AddImageTags); false when it was not. Used by registry and Harbor scan jobs.
absl::StatusOr<bool> TagScannedImage(const ScanEnv& env, const ScanPayload& payload,
                                     absl::string_view digest);

// Runs `job`. `still_owned` is asked right before the result is stored: false (the lease was
// lost to another replica) drops the result and returns OK. Errors name the image and the cause.
absl::Status RunScanJob(const ScanEnv& env, const store::JobRecord& job,
                        const std::function<bool()>& still_owned);

// The record PutScan stores for `result`: type "registry", the payload's registry, repository
// and tags, the risk of its report, the JSON report and the CycloneDX inventory.
absl::StatusOr<store::ScanRecord> ScanRecordFor(const report::ScanResult& result,
                                                const ScanPayload& payload,
                                                const std::string& digest, store::TimeMs now);

}  // namespace moat::scanjob
