// The server's request and response, independent of the HTTP library, so API handlers are plain
// functions that tests call directly.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query: "/api/v1/images/sha256:abc"
  // The path as sent, still percent-encoded (set by the server; the router prefers it so an
  // encoded '/' stays inside one segment). Empty when a test builds a Request by hand.
  std::string raw_path;
  std::map<std::string, std::string> query;  // decoded query parameters (last one wins)
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote;  // peer address "127.0.0.1:5123"
  // Filled by the router from the route pattern: "/images/{digest}" -> {"digest": "sha256:abc"}.
  std::map<std::string, std::string> params;

  // First value of header `name` (case-insensitive), or "".
  std::string Header(absl::string_view name) const;
  // Query parameter or `fallback`.
  std::string Query(absl::string_view name, absl::string_view fallback = "") const;
  std::string Param(absl::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
};

// {"error": {"status": 400, "message": "..."}} with that status.
Response ErrorResponse(int status, absl::string_view message);
// A JSON body (already serialised) with the given status.
Response JsonResponse(int status, std::string body);

}  // namespace moat::http
