#include "inventory/nuget_package.h"

#include <utility>

namespace moat::inventory {

Package MakeNugetPackage(std::string name, std::string version, PackageOrigin origin) {
  Package package;
  package.ecosystem = Ecosystem::kNuget;
  package.name = std::move(name);
  package.version = std::move(version);
  package.origin = origin;
  return package;
}

}  // namespace moat::inventory
