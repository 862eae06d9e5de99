#include "vulndb/advisory.h"

namespace moat::vulndb {

absl::string_view FixStateName(FixState state) {
  switch (state) {
    case FixState::kFixed: return "fixed";
    case FixState::kUnfixed: return "unfixed";
    case FixState::kWillNotFix: return "will-not-fix";
    case FixState::kEndOfLife: return "end-of-life";
    case FixState::kNotAffected: return "not-affected";
  }
  return "fixed";
}

}  // namespace moat::vulndb
