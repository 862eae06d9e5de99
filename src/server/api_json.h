// JSON views of the center's records as the API returns them (docs/design/server-api.md), and
// the request-body checks every write endpoint shares.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "common/json.h"
#include "http/http_message.h"
#include "store/store.h"

namespace moat::server {

// "2026-11-28T14:06:58Z"; "" for 0.
std::string FormatTimeMs(store::TimeMs ms);

Json ImageJson(const store::ImageRecord& image);
Json TokenJson(const store::TokenRecord& token);
Json AuditJson(const store::AuditEntry& entry);
Json AlertJson(const store::AlertRecord& alert);
Json PipelineJson(const store::Pipeline& pipeline);
Json PipelineScanJson(const store::PipelineScan& scan);

// The request body as a JSON object; the error names the request and says why.
absl::StatusOr<Json> ParseBodyObject(const http::Request& request);

// The HTTP error for a store or validation status: InvalidArgument 400, NotFound 404,
// AlreadyExists 409, PermissionDenied 403, FailedPrecondition 409, Unavailable 503, else 500.
http::Response StatusResponse(const absl::Status& status);

// An integer query parameter in [min, max], or InvalidArgument naming it.
absl::StatusOr<int64_t> QueryInt(const http::Request& request, absl::string_view name,
                                 int64_t fallback, int64_t min, int64_t max);

// offset (>= 0) and limit (1..1000, `default_limit` when absent) of a paged list.
struct Page {
  int64_t offset = 0;
  int64_t limit = 50;
};
absl::StatusOr<Page> QueryPage(const http::Request& request, int64_t default_limit);

}  // namespace moat::server
