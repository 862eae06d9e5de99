// A SqlConnection over libpq: PQexecParams with typed parameters, bytea results decoded, errors
// classified by SQLSTATE.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "store/database.h"

namespace moat::store {

// Connects with `url` ("postgres://user@host:port/db?..."). Unavailable with the server's reason
// when the connection fails; the message shows the URL without its password.
absl::StatusOr<std::unique_ptr<SqlConnection>> OpenPostgresConnection(const std::string& url);

// `url` with the password (user:PASSWORD@ or password=...) replaced by "***".
std::string RedactPostgresUrl(absl::string_view url);

}  // namespace moat::store
