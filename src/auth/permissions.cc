#include "auth/permissions.h"

#include <array>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace moat::auth {
namespace {

struct ActionSpec {
  Action action;
  const char* name;
  store::Role minimum;
};

constexpr std::array<ActionSpec, 3> kActions = {{
    {Action::kRead, "read", store::Role::kViewer},
    {Action::kScan, "scan", store::Role::kOperator},
    {Action::kAdmin, "admin", store::Role::kAdmin},
}};

struct RouteSpec {
  const char* method;  // "*" any
  const char* path;    // segments; "*" matches one segment
  Action action;
};

// First match wins; see docs/design/server-api.md.
constexpr std::array<RouteSpec, 12> kRoutes = {{
    {"GET", "/tokens", Action::kAdmin},
    {"GET", "/audit", Action::kAdmin},
    {"GET", "/settings/*", Action::kAdmin},
    {"POST", "/scans", Action::kScan},
    {"POST", "/registries/*/scan", Action::kScan},
    {"PATCH", "/alerts/*", Action::kScan},
    {"POST", "/registries", Action::kAdmin},
    {"POST", "/registries/test", Action::kAdmin},
    {"DELETE", "/registries/*", Action::kAdmin},
    {"*", "/tokens", Action::kAdmin},
    {"*", "/tokens/*", Action::kAdmin},
    {"PUT", "/license", Action::kAdmin},
}};

const ActionSpec& Spec(Action action) {
  for (const ActionSpec& spec : kActions) {
    if (spec.action == action) return spec;
  }
  return kActions.back();  // unreachable: every enumerator has a row; fail closed
}

bool PathMatches(absl::string_view pattern, absl::string_view path) {
  std::vector<absl::string_view> want = absl::StrSplit(pattern, '/');
  std::vector<absl::string_view> got = absl::StrSplit(path, '/');
  if (!got.empty() && got.back().empty() && got.size() > 2) got.pop_back();  // trailing slash
  if (want.size() != got.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i] == "*" ? got[i].empty() : want[i] != got[i]) return false;
  }
  return true;
}

}  // namespace

const char* ActionName(Action action) { return Spec(action).name; }

store::Role RequiredRole(Action action) { return Spec(action).minimum; }

bool RoleAllows(store::Role role, Action action) {
  return static_cast<int>(role) >= static_cast<int>(Spec(action).minimum);
}

std::string PermissionDeniedMessage(absl::string_view token_name, store::Role role, Action action) {
  return absl::StrCat("this needs the ", store::RoleName(RequiredRole(action)), " role; token \"",
                      token_name, "\" is ", store::RoleName(role));
}

Action RouteAction(absl::string_view method, absl::string_view path) {
  for (const RouteSpec& route : kRoutes) {
    absl::string_view route_method = route.method;
    if ((route_method == "*" || route_method == method) && PathMatches(route.path, path)) {
      return route.action;
    }
  }
  return method == "GET" || method == "HEAD" ? Action::kRead : Action::kAdmin;
}

}  // namespace moat::auth
