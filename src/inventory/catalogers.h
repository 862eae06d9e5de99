// The table of every cataloger Moat runs. Adding a format = one parser file + one line here.
#pragma once

#include <memory>
#include <vector>

#include "inventory/cataloger.h"

namespace moat::inventory {

std::vector<std::unique_ptr<Cataloger>> AllCatalogers();

}  // namespace moat::inventory
