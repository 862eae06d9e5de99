#include "inventory/package.h"

#include <array>
#include <utility>

namespace moat::inventory {
namespace {

constexpr std::array<std::pair<Ecosystem, absl::string_view>, 11> kEcosystems = {{
    {Ecosystem::kDeb, "deb"},
    {Ecosystem::kApk, "apk"},
    {Ecosystem::kRpm, "rpm"},
    {Ecosystem::kNpm, "npm"},
    {Ecosystem::kPypi, "pypi"},
    {Ecosystem::kGem, "gem"},
    {Ecosystem::kGolang, "golang"},
    {Ecosystem::kMaven, "maven"},
    {Ecosystem::kCargo, "cargo"},
    {Ecosystem::kComposer, "composer"},
    {Ecosystem::kNuget, "nuget"},
}};

}  // namespace

absl::string_view EcosystemName(Ecosystem ecosystem) {
  for (const auto& [value, name] : kEcosystems) {
    if (value == ecosystem) return name;
  }
  return "unknown";
}

bool ParseEcosystem(absl::string_view name, Ecosystem* out) {
  for (const auto& [value, known] : kEcosystems) {
    if (known == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

bool IsOsEcosystem(Ecosystem ecosystem) {
  return ecosystem == Ecosystem::kDeb || ecosystem == Ecosystem::kApk ||
         ecosystem == Ecosystem::kRpm;
}

absl::string_view PackageOriginName(PackageOrigin origin) {
  switch (origin) {
    case PackageOrigin::kInstalled:
      return "installed";
    case PackageOrigin::kLockfile:
      return "lockfile";
    case PackageOrigin::kManifest:
      return "manifest";
    case PackageOrigin::kBinary:
      return "binary";
  }
  return "installed";
}

}  // namespace moat::inventory
