// Where a test's store lives: a fresh SQLite file, or a fresh schema in the PostgreSQL named by
// MOAT_TEST_POSTGRES (tests/integration/postgres_env.sh), dropped again when the test ends.
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace moat::testing {

class StoreLocation {
 public:
  virtual ~StoreLocation() = default;
  // What store::OpenStore takes.
  virtual const std::string& location() const = 0;
};

// `kind` is "sqlite" or "postgres". nullptr for "postgres" when MOAT_TEST_POSTGRES is unset (the
// caller skips with a message); a PostgreSQL that is set but unreachable is a test failure
// reported through `error`.
std::unique_ptr<StoreLocation> NewStoreLocation(const std::string& kind, std::string* error);

}  // namespace moat::testing
