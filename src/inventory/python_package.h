// Construction of PyPI packages shared by the Python lock-file catalogers.
#pragma once

#include <string>

#include "inventory/package.h"

namespace moat::inventory {

// A PyPI package; the name stays as written (the purl builder applies PEP 503 normalisation).
Package MakePypiPackage(std::string name, std::string version, PackageOrigin origin,
                        bool dev = false);

}  // namespace moat::inventory
