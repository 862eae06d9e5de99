// The inventory model: OS, packages (OS and application) and the executable index of an image.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// Package ecosystems; the names are the package-URL types.
enum class Ecosystem {
  kDeb,
  kApk,
  kRpm,
  kNpm,
  kPypi,
  kGem,
  kGolang,
  kMaven,
  kCargo,
  kComposer,
  kNuget
};

absl::string_view EcosystemName(Ecosystem ecosystem);  // "deb", "npm", "golang", ...
bool ParseEcosystem(absl::string_view name, Ecosystem* out);
bool IsOsEcosystem(Ecosystem ecosystem);

// How a package was found: installed in the file system, pinned in a lock file, declared in a
// manifest, or compiled into a binary.
enum class PackageOrigin { kInstalled, kLockfile, kManifest, kBinary };
absl::string_view PackageOriginName(PackageOrigin origin);

struct Package {
  Ecosystem ecosystem = Ecosystem::kNpm;
  // npm "@scope/name"; maven "group:artifact"; golang module path; others as the ecosystem
  // spells them.
  std::string name;
  // As the ecosystem writes it. deb and rpm: "[epoch:]version[-release]", the form that their
  // version comparison takes.
  std::string version;
  int epoch = 0;
  std::string source_name;     // distro source package (deb Source, rpm SOURCERPM, apk origin)
  std::string source_version;  // its version when it differs
  std::string arch;
  std::vector<std::string> licenses;
  std::string purl;  // filled in by the assembler (needs the OS for distro qualifiers)
  PackageOrigin origin = PackageOrigin::kInstalled;
  bool dev = false;  // a development-only dependency of a lock file
  // Image path of the file or database it was found in; for archives inside archives, the
  // outermost file, with the inner path in `found_in_archive` ("BOOT-INF/lib/x.jar").
  std::string found_in;
  std::string found_in_archive;
  int layer = -1;                  // index of the layer that added `found_in`
  std::string layer_diff_id;       // filled in by the assembler
  std::vector<std::string> files;  // files the package owns (OS packages)
};

struct OsInfo {
  // debian, ubuntu, alpine, wolfi, chainguard, rhel, centos, rocky, alma, fedora, amazon,
  // sles, opensuse-leap, opensuse-tumbleweed, ...
  std::string family;
  std::string name;         // PRETTY_NAME or equivalent
  std::string version;      // the most precise version the image states ("12.15", "3.18.4")
  std::string codename;     // VERSION_CODENAME when present
  bool distroless = false;  // packages come from dpkg status.d, no package manager
};

struct Executable {
  std::string path;
  int64_t size = 0;
  std::string sha256;
  uint32_t mode = 0;
  int layer = -1;
};

struct Inventory {
  std::optional<OsInfo> os;
  std::vector<Package> packages;  // sorted: OS packages first, then by ecosystem, name, version
  std::vector<Executable> executables;  // sorted by path
  std::vector<std::string> warnings;    // files that could not be parsed, with the reason
};

}  // namespace moat::inventory
