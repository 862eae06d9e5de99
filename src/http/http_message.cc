// Request accessors and the JSON error body every endpoint shares.
#include "http/http_message.h"

#include "absl/strings/match.h"
#include "common/json.h"

namespace moat::http {

std::string Request::Header(absl::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (absl::EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

std::string Request::Query(absl::string_view name, absl::string_view fallback) const {
  auto it = query.find(std::string(name));
  return it == query.end() ? std::string(fallback) : it->second;
}

std::string Request::Param(absl::string_view name) const {
  auto it = params.find(std::string(name));
  return it == params.end() ? "" : it->second;
}

Response ErrorResponse(int status, absl::string_view message) {
  Json body = {{"error", {{"status", status}, {"message", std::string(message)}}}};
  return JsonResponse(status, DumpJson(body));
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

}  // namespace moat::http
