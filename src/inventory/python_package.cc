#include "inventory/python_package.h"

#include <utility>

namespace moat::inventory {

Package MakePypiPackage(std::string name, std::string version, PackageOrigin origin, bool dev) {
  Package package;
  package.ecosystem = Ecosystem::kPypi;
  package.name = std::move(name);
  package.version = std::move(version);
  package.origin = origin;
  package.dev = dev;
  return package;
}

}  // namespace moat::inventory
