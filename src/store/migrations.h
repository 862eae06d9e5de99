// The store's schema as one ordered list of migrations, shared by SQLite and PostgreSQL, applied
// at open and recorded in schema_migrations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "store/database.h"
#include "store/store.h"

namespace moat::store {

struct Migration {
  int64_t version = 0;
  std::string description;
  std::vector<std::string> statements;  // one SQL statement each
};

// Every migration, oldest first, spelled for `dialect`.
std::vector<Migration> Migrations(const Dialect& dialect);

// Applies the migrations not yet recorded, each in its own transaction that holds the
// database's migration lock, so concurrent opens by several processes are safe.
absl::Status Migrate(Database& db, TimeMs now);

}  // namespace moat::store
