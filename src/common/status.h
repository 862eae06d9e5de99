// Error-handling helpers on top of absl::Status: early-return macros and context annotation.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#define MOAT_CONCAT_INNER(a, b) a##b
#define MOAT_CONCAT(a, b) MOAT_CONCAT_INNER(a, b)

// Returns from the enclosing function if `expr` (an absl::Status) is not OK.
#define MOAT_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::absl::Status moat_status_ = (expr);        \
    if (!moat_status_.ok()) return moat_status_; \
  } while (0)

// `lhs = *rexpr` when rexpr (an absl::StatusOr) is OK; otherwise returns its status.
#define MOAT_ASSIGN_OR_RETURN(lhs, rexpr) \
  MOAT_ASSIGN_OR_RETURN_IMPL(MOAT_CONCAT(moat_statusor_, __LINE__), lhs, rexpr)
#define MOAT_ASSIGN_OR_RETURN_IMPL(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                               \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

namespace moat {

// Returns `status` with "context: " prepended to its message; OK stays OK.
absl::Status Annotate(const absl::Status& status, absl::string_view context);

}  // namespace moat
