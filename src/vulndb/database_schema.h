// The database file's schema (docs/formats/vulndb.md): table definitions, the identifying
// application id, and the metadata rows of the `meta` table.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "vulndb/database.h"

namespace moat::vulndb {

// PRAGMA application_id of every Moat database: "MOAT" in ASCII.
inline constexpr int32_t kDatabaseApplicationId = 0x4D4F4154;

// Creates the tables (run inside the build transaction).
extern const char kCreateSchemaSql[];

// Statements shared by writer and reader.
extern const char kInsertMetaSql[];
extern const char kInsertNamespaceSql[];
extern const char kInsertAdvisorySql[];
extern const char kInsertAffectedSql[];
extern const char kSelectMetaSql[];
extern const char kSelectNamespacesSql[];
extern const char kLookupSql[];
// The lookup of up to kLookupBatch packages of one namespace (?2.. bound, NULL when unused),
// rows ordered by package: f.package, then the columns of kLookupSql.
inline constexpr int kLookupBatch = 32;
extern const char kLookupBatchSql[];

// The metadata as `meta` rows (key -> value text) and back. Parsing never fails on unknown keys;
// a malformed value is an error naming the key.
std::map<std::string, std::string> MetadataRows(const DatabaseMetadata& metadata);
absl::StatusOr<DatabaseMetadata> MetadataFromRows(const std::map<std::string, std::string>& rows);

}  // namespace moat::vulndb
