// HTTP plumbing shared by the registry client and its token fetcher: bounded retries with
// backoff for transient failures, and registry error bodies turned into readable messages.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "platform/clock.h"
#include "platform/http_client.h"

namespace moat::image {

struct RetryPolicy {
  // Tries per request, the first included; 1 disables retries.
  int max_attempts = 3;
  // Wait before the 2nd try; doubles per try up to max_backoff. A Retry-After header is
  // honoured up to max_backoff.
  absl::Duration initial_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
};

// True for the statuses worth another try: 429, 500, 502, 503, 504.
bool IsRetryableHttpStatus(int status);
// True for transport failures worth another try: Unavailable (resolve, connect, reset),
// DeadlineExceeded (idle timeout) and DataLoss (connection closed early).
bool IsRetryableError(const absl::Status& status);

// The wait before try number `attempt` + 1 (attempt >= 1).
absl::Duration Backoff(const RetryPolicy& policy, int attempt, absl::string_view retry_after);

// Sends `request`, retrying transport failures and retryable statuses per `policy` (sleeping
// on `clock`). Returns the last response whatever its status, or the last transport error.
absl::StatusOr<std::unique_ptr<platform::HttpResponse>> SendWithRetries(
    platform::HttpClient& http, platform::Clock& clock, const RetryPolicy& policy,
    const platform::HttpRequest& request);

// "HTTP 404 MANIFEST_UNKNOWN: manifest unknown" from an error response: the status and the
// registry's {"errors":[{code,message}]} body, or the start of a non-JSON body. Reads at most
// 64 KiB of the body.
std::string DescribeHttpError(platform::HttpResponse& response);

}  // namespace moat::image
