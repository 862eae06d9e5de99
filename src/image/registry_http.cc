#include "image/registry_http.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/json.h"

namespace moat::image {
namespace {

constexpr size_t kMaxErrorBody = 64 * 1024;
constexpr size_t kMaxQuotedBody = 200;

// Non-JSON error bodies (proxies, load balancers) are quoted shortened and on one line.
std::string QuoteBody(absl::string_view body) {
  std::string text(absl::StripAsciiWhitespace(body.substr(0, kMaxQuotedBody)));
  for (char& c : text) {
    if (!absl::ascii_isprint(c)) c = ' ';
  }
  if (body.size() > kMaxQuotedBody) text += "...";
  return text;
}

std::string DescribeRegistryErrors(const Json& doc) {
  const Json* errors = JsonField(doc, "errors");
  if (errors == nullptr || !errors->is_array()) return "";
  std::vector<std::string> parts;
  for (const Json& error : *errors) {
    std::string code = JsonString(error, "code");
    std::string message = JsonString(error, "message");
    if (code.empty() && message.empty()) continue;
    parts.push_back(code.empty()      ? message
                    : message.empty() ? code
                                      : absl::StrCat(code, ": ", message));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace

bool IsRetryableHttpStatus(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

bool IsRetryableError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable ||
         status.code() == absl::StatusCode::kDeadlineExceeded ||
         status.code() == absl::StatusCode::kDataLoss;
}

absl::Duration Backoff(const RetryPolicy& policy, int attempt, absl::string_view retry_after) {
  absl::Duration wait = policy.initial_backoff;
  for (int i = 1; i < attempt && wait < policy.max_backoff; ++i) wait *= 2;
  int seconds = 0;
  if (absl::SimpleAtoi(absl::StripAsciiWhitespace(retry_after), &seconds) && seconds > 0) {
    wait = std::max(wait, absl::Seconds(seconds));
  }
  return std::min(wait, policy.max_backoff);
}

absl::StatusOr<std::unique_ptr<platform::HttpResponse>> SendWithRetries(
    platform::HttpClient& http, platform::Clock& clock, const RetryPolicy& policy,
    const platform::HttpRequest& request) {
  int attempts = std::max(policy.max_attempts, 1);
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<std::unique_ptr<platform::HttpResponse>> response = http.Send(request);
    bool last = attempt >= attempts;
    if (!response.ok()) {
      if (last || !IsRetryableError(response.status())) return response;
      clock.SleepFor(Backoff(policy, attempt, ""));
      continue;
    }
    if (last || !IsRetryableHttpStatus((*response)->status_code())) return response;
    clock.SleepFor(Backoff(policy, attempt, (*response)->Header("Retry-After")));
  }
}

std::string DescribeHttpError(platform::HttpResponse& response) {
  std::string out = absl::StrCat("HTTP ", response.status_code());
  std::string body;
  char buffer[8192];
  while (body.size() < kMaxErrorBody) {
    absl::StatusOr<size_t> n = response.body().Read(buffer, sizeof(buffer));
    if (!n.ok() || *n == 0) break;
    body.append(buffer, *n);
  }
  if (absl::StripAsciiWhitespace(body).empty()) return out;
  absl::StatusOr<Json> doc = ParseJson(body, "error body");
  std::string described = doc.ok() ? DescribeRegistryErrors(*doc) : "";
  if (described.empty()) described = QuoteBody(body);
  return absl::StrCat(out, " ", described);
}

}  // namespace moat::image
