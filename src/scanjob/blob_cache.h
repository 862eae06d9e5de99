// An HttpClient decorator that keeps registry layer blobs on disk by digest, so a base layer
// shared by many images is pulled from the registry once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "platform/http_client.h"

namespace moat::scanjob {

// Wraps `inner`. A GET without a Range header whose URL path ends in /blobs/sha256:<64 hex> is
// answered from <dir>/sha256/<hex> when that file exists (a 200 with the file as the body; no
// request is sent). Otherwise the request goes to `inner`; a 200 body is copied into a temporary
// file in `dir` as it is read and, once read to its end with bytes whose sha256 is the digest,
// renamed into place (anything else is discarded). Failures of the cache itself (disk full,
// permissions) never fail a request: the blob is just not kept. Thread-safe; concurrent fetches
// of one blob each write their own temporary file and the last rename wins (same bytes). A blob
// served from the cache gets its modification time set to now (TrimBlobCache's recency).
std::unique_ptr<platform::HttpClient> NewBlobCachingHttpClient(
    std::unique_ptr<platform::HttpClient> inner, std::string dir);

struct BlobCacheTrim {
  int removed = 0;  // blobs and stale temporary files deleted
  uint64_t freed_bytes = 0;
  uint64_t kept_bytes = 0;  // what the cache holds afterwards
};

// Keeps the cache in `dir` within `max_bytes` (0: no limit): deletes the blobs used least
// recently (oldest modification time) until the rest fit, and temporary files of downloads that
// stopped (older than an hour at `now`). A blob deleted while a scan reads it stays readable to
// that scan (an open file), and the next scan that needs it pulls it again. A missing dir is an
// empty cache; an entry that cannot be deleted is skipped.
BlobCacheTrim TrimBlobCache(const std::string& dir, uint64_t max_bytes, absl::Time now);

}  // namespace moat::scanjob
