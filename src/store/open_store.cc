// Picks the database from the location, connects, migrates, and wraps it in a SqlStore.
#include "store/open_store.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/postgres_connection.h"
#include "store/sql_store.h"
#include "store/sqlite_connection.h"

namespace moat::store {

bool IsPostgresLocation(absl::string_view location) {
  return absl::StartsWith(location, "postgres://") || absl::StartsWith(location, "postgresql://");
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location,
                                                 const StoreOptions& options) {
  std::unique_ptr<Database> db;
  if (IsPostgresLocation(location)) {
    db = std::make_unique<Database>(
        PostgresDialect(), [location] { return OpenPostgresConnection(location); },
        options.max_connections);
  } else {
    db = std::make_unique<Database>(
        SqliteDialect(), [location] { return OpenSqliteConnection(location); },
        options.max_connections);
  }
  // Connect once before migrating, so that an unreachable database reads as just that.
  MOAT_RETURN_IF_ERROR(Annotate(db->Exec("SELECT 1").status(), "store"));
  platform::RealClock system_clock;
  platform::Clock* clock = options.clock != nullptr ? options.clock : &system_clock;
  MOAT_RETURN_IF_ERROR(Annotate(Migrate(*db, absl::ToUnixMillis(clock->Now())), "store"));
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(db), options.clock));
}

absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  return OpenStore(location, StoreOptions{});
}

}  // namespace moat::store
