// Route table and matching by specificity.
#include "http/router.h"

#include <optional>
#include <set>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "http/request_target.h"

namespace moat::http {

struct Segment {
  enum class Kind { kRest = 0, kParam = 1, kLiteral = 2 };  // value = specificity rank
  Kind kind;
  std::string text;  // literal text or parameter name
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<Segment> segments;
  Handler handler;
  RouteOptions options;
};

namespace {

std::vector<Segment> ParsePattern(absl::string_view pattern) {
  if (absl::StartsWith(pattern, "/")) pattern.remove_prefix(1);
  std::vector<std::string> pieces = absl::StrSplit(pattern, '/');
  std::vector<Segment> segments;
  for (size_t i = 0; i < pieces.size(); ++i) {
    absl::string_view piece = pieces[i];
    bool braced = piece.size() > 2 && piece.front() == '{' && piece.back() == '}';
    if (!braced) {
      segments.push_back({Segment::Kind::kLiteral, std::string(piece)});
      continue;
    }
    absl::string_view name = piece.substr(1, piece.size() - 2);
    if (absl::EndsWith(name, "*") && name.size() > 1 && i + 1 == pieces.size()) {
      segments.push_back({Segment::Kind::kRest, std::string(name.substr(0, name.size() - 1))});
    } else {
      segments.push_back({Segment::Kind::kParam, std::string(name)});
    }
  }
  return segments;
}

// The specificity ranks of `route` on `path` (one per pattern segment) and its parameters,
// or nullopt when the pattern does not match.
std::optional<std::vector<int>> MatchSegments(const Route& route,
                                              const std::vector<std::string>& path,
                                              std::map<std::string, std::string>* params) {
  std::vector<int> ranks;
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const Segment& segment = route.segments[i];
    ranks.push_back(static_cast<int>(segment.kind));
    if (segment.kind == Segment::Kind::kRest) {
      std::vector<std::string> rest(path.begin() + std::min(i, path.size()), path.end());
      (*params)[segment.text] = absl::StrJoin(rest, "/");
      return ranks;
    }
    if (i >= path.size()) return std::nullopt;
    if (segment.kind == Segment::Kind::kLiteral && segment.text != path[i]) return std::nullopt;
    if (segment.kind == Segment::Kind::kParam) {
      if (path[i].empty()) return std::nullopt;
      (*params)[segment.text] = path[i];
    }
  }
  if (route.segments.size() != path.size()) return std::nullopt;
  return ranks;
}

bool MethodServes(absl::string_view route_method, absl::string_view method) {
  return route_method == method || (method == "HEAD" && route_method == "GET");
}

}  // namespace

Response RouteMatch::Call(Request& request) const {
  switch (kind) {
    case Kind::kFound:
      request.params = params;
      if (route == nullptr || !route->handler) return ErrorResponse(500, "route has no handler");
      return route->handler(request);
    case Kind::kMethodNotAllowed: {
      Response response = ErrorResponse(
          405, absl::StrCat("method ", request.method, " not allowed for ", request.path));
      response.headers.emplace_back("Allow", allow);
      return response;
    }
    case Kind::kNotFound:
      break;
  }
  return ErrorResponse(404, absl::StrCat("no such resource: ", request.path));
}

Router::Router() = default;
Router::~Router() = default;

void Router::Add(absl::string_view method, absl::string_view pattern, Handler handler,
                 RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = std::string(method);
  route->pattern = std::string(pattern);
  route->segments = ParsePattern(pattern);
  route->handler = std::move(handler);
  route->options = options;
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(absl::string_view method, absl::string_view raw_path) const {
  RouteMatch match;
  auto path = DecodePathSegments(raw_path);
  if (!path.ok()) return match;
  std::set<std::string> allowed;
  // Best = highest ranks; among equal ranks an exact method beats HEAD served by GET.
  std::pair<std::vector<int>, bool> best_score;
  for (const auto& route : routes_) {
    std::map<std::string, std::string> params;
    std::optional<std::vector<int>> ranks = MatchSegments(*route, *path, &params);
    if (!ranks) continue;
    allowed.insert(route->method);
    if (route->method == "GET") allowed.insert("HEAD");
    if (!MethodServes(route->method, method)) continue;
    std::pair<std::vector<int>, bool> score{*std::move(ranks), route->method == method};
    if (match.route != nullptr && score <= best_score) continue;
    best_score = std::move(score);
    match.kind = RouteMatch::Kind::kFound;
    match.route = route.get();
    match.pattern = route->pattern;
    match.params = std::move(params);
    match.options = route->options;
  }
  if (match.route == nullptr && !allowed.empty()) {
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
    match.allow = absl::StrJoin(allowed, ", ");
  }
  return match;
}

Response Router::Dispatch(Request& request) const {
  const std::string& path = request.raw_path.empty() ? request.path : request.raw_path;
  return Match(request.method, path).Call(request);
}

}  // namespace moat::http
