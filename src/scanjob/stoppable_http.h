// An HttpClient decorator that fails requests and body reads once a stop flag is set, so a
// worker stopping mid-scan ends its pull at the next read instead of after the whole image.
#pragma once

#include <atomic>
#include <memory>

#include "platform/http_client.h"

namespace moat::scanjob {

// Wraps `inner`; after `*stop` becomes true, Send and body reads fail with Cancelled.
std::unique_ptr<platform::HttpClient> NewStoppableHttpClient(
    std::unique_ptr<platform::HttpClient> inner, std::shared_ptr<std::atomic<bool>> stop);

}  // namespace moat::scanjob
