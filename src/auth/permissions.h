// Who may do what on the center: the roles (viewer < operator < admin) against the three kinds of
// action, and which action each /api/v1 route is. Free of HTTP: routes are plain strings.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "store/store.h"

namespace moat::auth {

enum class Action {
  kRead,   // any GET of images, scans, jobs, alerts, registries, license, system
  kScan,   // scans, CI uploads, registry scans, alert status changes
  kAdmin,  // registries, tokens, the audit log, the license, settings
};

// "read", "scan", "admin".
const char* ActionName(Action action);
// The lowest role allowed to do `action`.
store::Role RequiredRole(Action action);
// Roles are ordered: a higher role may do everything a lower one may.
bool RoleAllows(store::Role role, Action action);
// "this needs the operator role; token \"ci\" is viewer" (the 403 message).
std::string PermissionDeniedMessage(absl::string_view token_name, store::Role role, Action action);

// The action of a request to `path` under /api/v1 (e.g. "/registries/r1/scan", query string
// removed). Routes not in the table: GET and HEAD read, anything else needs admin.
Action RouteAction(absl::string_view method, absl::string_view path);

}  // namespace moat::auth
