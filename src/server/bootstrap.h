// First start of a center: the first admin token, created once and shown once.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "store/store.h"

namespace moat::server {

// When the store has no token yet, creates an admin token named "admin" (audited as "system")
// and returns it in clear: the only time it is ever shown. Otherwise nullopt.
absl::StatusOr<std::optional<std::string>> CreateFirstAdminToken(store::Store& store,
                                                                 store::TimeMs now);

}  // namespace moat::server
