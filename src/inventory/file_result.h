// What the catalogers learned from one file of one layer, before layers are merged.
#pragma once

#include <string>
#include <vector>

#include "inventory/cataloger.h"

namespace moat::inventory {

struct FileResult {
  int layer = 0;
  std::string path;
  FileFacts facts;
};

}  // namespace moat::inventory
