#include "cli/app.h"

#include <cstdio>

namespace moat::cli {

int Main(int /*argc*/, char** /*argv*/) {
  std::puts("moat 0.1.0");
  return kExitOk;
}

}  // namespace moat::cli
