// An HttpClient decorator that keeps registry layer blobs on disk by digest, so a base layer
// shared by many images is pulled from the registry once.
#pragma once

#include <memory>
#include <string>

#include "platform/http_client.h"

namespace moat::scanjob {

// Wraps `inner`. A GET without a Range header whose URL path ends in /blobs/sha256:<64 hex> is
// answered from <dir>/sha256/<hex> when that file exists (a 200 with the file as the body; no
// request is sent). Otherwise the request goes to `inner`; a 200 body is copied into a temporary
// file in `dir` as it is read and, once read to its end with bytes whose sha256 is the digest,
// renamed into place (anything else is discarded). Failures of the cache itself (disk full,
// permissions) never fail a request: the blob is just not kept. Thread-safe; concurrent fetches
// of one blob each write their own temporary file and the last rename wins (same bytes).
std::unique_ptr<platform::HttpClient> NewBlobCachingHttpClient(
    std::unique_ptr<platform::HttpClient> inner, std::string dir);

}  // namespace moat::scanjob
