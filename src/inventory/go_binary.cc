#include "inventory/go_binary.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "inventory/go_buildinfo.h"

namespace moat::inventory {
namespace {

constexpr int64_t kMinBinarySize = 64;

Package GoPackage(std::string name, std::string version) {
  Package p;
  p.ecosystem = Ecosystem::kGolang;
  p.name = std::move(name);
  p.version = std::move(version);
  p.origin = PackageOrigin::kBinary;
  return p;
}

size_t CountDigits(absl::string_view s) {
  size_t n = 0;
  while (n < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[n]))) ++n;
  return n;
}

}  // namespace

std::string GoToolchainVersion(absl::string_view go_version) {
  absl::string_view v = go_version.substr(0, go_version.find(' '));  // " X:boringcrypto"
  if (!absl::ConsumePrefix(&v, "go")) return "";
  size_t major = CountDigits(v);
  if (major == 0 || major >= v.size() || v[major] != '.') return "";
  size_t minor = CountDigits(v.substr(major + 1));
  if (minor == 0) return "";
  absl::string_view release = v.substr(0, major + 1 + minor);
  absl::string_view rest = v.substr(release.size());
  if (rest.empty()) return absl::StrCat("v", release, ".0");
  if (rest[0] == '.') {
    size_t patch = CountDigits(rest.substr(1));
    if (patch == 0 || patch + 1 != rest.size()) return "";
    return absl::StrCat("v", v);
  }
  for (absl::string_view pre : {"rc", "beta"}) {
    absl::string_view number = rest;
    if (absl::ConsumePrefix(&number, pre) && !number.empty() &&
        CountDigits(number) == number.size()) {
      return absl::StrCat("v", release, ".0-", pre, ".", number);
    }
  }
  return "";
}

std::vector<Package> GoBuildInfoPackages(const GoBuildInfo& info) {
  std::vector<Package> out;
  const GoModule& main = info.main;
  if (!main.path.empty()) {
    std::string version = main.version == "(devel)" ? "" : main.version;
    if (version.empty()) version = GoLdflagsVersion(GoSetting(info, "-ldflags"));
    if (!version.empty()) out.push_back(GoPackage(main.path, version));
  }
  for (const GoModule& dep : info.deps) {
    if (dep.path == main.path) continue;
    if (dep.replace_path.empty()) {
      out.push_back(GoPackage(dep.path, dep.version));
    } else if (!IsLocalPath(dep.replace_path)) {
      out.push_back(GoPackage(dep.replace_path, dep.replace_version));
    }
    // A module replaced by a local directory is the project's own code: no published version.
  }
  std::string stdlib = GoToolchainVersion(info.go_version);
  if (!stdlib.empty()) out.push_back(GoPackage("stdlib", stdlib));
  return out;
}

bool GoBinaryCataloger::Wants(const image::FileRecord& file) const {
  return file.IsExecutable() && file.size >= kMinBinarySize;
}

absl::Status GoBinaryCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  absl::StatusOr<GoBuildInfo> info = ReadGoBuildInfo(input.data);
  if (absl::IsNotFound(info.status())) return absl::OkStatus();
  if (!info.ok()) return info.status();
  for (Package& p : GoBuildInfoPackages(*info)) facts->packages.push_back(std::move(p));
  return absl::OkStatus();
}

}  // namespace moat::inventory
