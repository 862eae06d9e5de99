// OpenStore with the collaborators injected: a clock (tests use a fake) and the pool size.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "platform/clock.h"
#include "store/store.h"

namespace moat::store {

struct StoreOptions {
  // Stamps times callers leave at 0 (created_at, audit time, ...). Not owned; must outlive the
  // store. nullptr: the system clock.
  platform::Clock* clock = nullptr;
  // Connections the store may hold open at once.
  int max_connections = 4;
};

// As OpenStore(location), with options.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                                 const StoreOptions& options);

// True for "postgres://..." and "postgresql://..." locations.
bool IsPostgresLocation(absl::string_view location);

}  // namespace moat::store
