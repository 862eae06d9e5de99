#include "inventory/catalogers.h"

// One include and one line per cataloger; keep both lists in the same order.
// clang-format off
// [catalogers-includes]
// clang-format on

namespace moat::inventory {

std::vector<std::unique_ptr<Cataloger>> AllCatalogers() {
  std::vector<std::unique_ptr<Cataloger>> all;
  // clang-format off
  // [catalogers-table]
  // clang-format on
  return all;
}

}  // namespace moat::inventory
