#include "server/bootstrap.h"

#include "auth/token.h"
#include "common/status.h"

namespace moat::server {

absl::StatusOr<std::optional<std::string>> CreateFirstAdminToken(store::Store& store,
                                                                 store::TimeMs now) {
  MOAT_ASSIGN_OR_RETURN(auto tokens, store.ListTokens());
  if (!tokens.empty()) return std::optional<std::string>();
  MOAT_ASSIGN_OR_RETURN(std::string secret, auth::NewToken());
  store::TokenRecord token;
  token.name = "admin";
  token.role = store::Role::kAdmin;
  token.hash = auth::HashToken(secret);
  token.created_at = now;
  token.created_by = "system";
  store::AuditEntry audit;
  audit.time = now;
  audit.actor = "system";
  audit.action = "token.create";
  audit.target = "admin";
  audit.detail = "first admin token, created at initialisation";
  MOAT_RETURN_IF_ERROR(store.CreateToken(token, audit).status());
  return std::optional<std::string>(secret);
}

}  // namespace moat::server
