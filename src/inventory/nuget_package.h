// Construction of NuGet packages shared by the .NET catalogers.
#pragma once

#include <string>

#include "inventory/package.h"

namespace moat::inventory {

// A NuGet package; the name keeps its case (NuGet ids are case-insensitive, the purl builder
// and matcher decide how to compare).
Package MakeNugetPackage(std::string name, std::string version, PackageOrigin origin);

}  // namespace moat::inventory
