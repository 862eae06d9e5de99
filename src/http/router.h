// Maps (method, path pattern) to handlers: "/api/v1/images/{digest}" binds one non-empty
// decoded path segment, a final "{path*}" binds the rest of the path (maybe empty). Unknown paths
// answer 404, known paths with another method 405 with an Allow header.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "http/http_message.h"

namespace moat::http {

using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Largest request body accepted for this route (413 beyond); 0: the server's limit.
  uint64_t max_body_bytes = 0;
};

struct Route;  // defined in router.cc

// What Match found for one request.
struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;  // set when kFound
  std::string pattern;           // the matched route's pattern when kFound
  std::map<std::string, std::string> params;
  std::string allow;  // kMethodNotAllowed: "DELETE, GET"
  RouteOptions options;

  // Calls the handler (kFound) or returns the 404/405 error response.
  Response Call(Request& request) const;
};

// Register every route before the server starts; Match/Dispatch are then safe to call from
// any number of threads. When several patterns match a path, the more specific one wins,
// segment by segment: a literal beats {param} beats {rest*}.
class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // `method` is upper case ("GET"). A HEAD request is served by the GET route when no HEAD
  // route exists. A malformed pattern (no leading '/', "{rest*}" not last, an unclosed
  // brace) is a programming error: the route is still added with its text matched literally.
  void Add(absl::string_view method, absl::string_view pattern, Handler handler,
           RouteOptions options = {});

  // Matches a percent-encoded path (as sent: "/images/sha256%3Aabc"); parameters are
  // decoded. A path with a bad escape matches nothing.
  RouteMatch Match(absl::string_view method, absl::string_view raw_path) const;

  // Matches request.raw_path (or request.path when raw_path is empty), fills request.params
  // and calls the handler, or returns the 404/405 error.
  Response Dispatch(Request& request) const;

 private:
  std::vector<std::unique_ptr<Route>> routes_;
};

}  // namespace moat::http
