// Turns an ImageQuery (filters, search, sort) into the WHERE and ORDER BY of the images list.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "store/database.h"
#include "store/store.h"

namespace moat::store {

struct ImageQuerySql {
  std::string where;  // "" or " WHERE ..." over `images i`
  std::string order;  // " ORDER BY ..."
  SqlParams params;   // bound to the $N in `where`
};

// InvalidArgument for an unknown sort key or a limit outside 1..1000.
absl::StatusOr<ImageQuerySql> BuildImageQuery(const ImageQuery& query);

}  // namespace moat::store
