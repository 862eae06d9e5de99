#include "inventory/npm_lock.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/npm_common.h"
#include "inventory/package_collector.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kNodeModules = "node_modules/";
// v1 nests one level per node_modules directory; real trees stay far below this.
constexpr int kMaxV1Depth = 128;

// The package name of a "packages" key: the part after the last "node_modules/" segment.
// False for keys outside node_modules (workspace and linked local packages).
bool NameFromInstallPath(absl::string_view key, absl::string_view* name) {
  size_t pos = key.rfind(kNodeModules);
  while (pos != absl::string_view::npos && pos != 0 && key[pos - 1] != '/') {
    pos = key.rfind(kNodeModules, pos - 1);
  }
  if (pos == absl::string_view::npos) return false;
  *name = key.substr(pos + kNodeModules.size());
  return !name->empty();
}

void ParsePackages(const Json& packages, PackageCollector* out) {
  for (const auto& [key, entry] : packages.items()) {
    if (key.empty() || !entry.is_object() || JsonBool(entry, "link")) continue;
    absl::string_view path_name;
    if (!NameFromInstallPath(key, &path_name)) continue;
    // "name" is present when the folder name differs from the package (aliases).
    std::string name = JsonString(entry, "name", path_name);
    std::string version = JsonString(entry, "version");
    if (!IsValidNpmName(name) || !IsPlainVersion(version)) continue;
    Package package = MakeNpmPackage(std::move(name), std::move(version), PackageOrigin::kLockfile);
    package.dev = JsonBool(entry, "dev");
    package.licenses = NpmLicenses(entry);
    out->Add(std::move(package));
  }
}

// A v1 entry: the key is the install name; "version" is a version, an alias
// ("npm:real@1.2.3") or a non-registry spec (git URL, "file:...") that is skipped.
void AddV1Entry(const std::string& key, const Json& entry, PackageCollector* out) {
  std::string name = key;
  std::string version = JsonString(entry, "version");
  if (absl::StartsWith(version, "npm:")) {
    absl::string_view real_name, real_version;
    if (!SplitNpmSpec(absl::string_view(version).substr(4), &real_name, &real_version)) return;
    name = std::string(real_name);
    version = std::string(real_version);
  }
  if (!IsValidNpmName(name) || !IsPlainVersion(version)) return;
  Package package = MakeNpmPackage(std::move(name), std::move(version), PackageOrigin::kLockfile);
  package.dev = JsonBool(entry, "dev");
  out->Add(std::move(package));
}

// Walks the nested "dependencies" objects without recursion.
void ParseDependencies(const Json& root, absl::string_view path, PackageCollector* out,
                       std::vector<std::string>* warnings) {
  std::vector<std::pair<const Json*, int>> pending = {{&root, 0}};
  bool warned = false;
  while (!pending.empty()) {
    auto [deps, depth] = pending.back();
    pending.pop_back();
    for (const auto& [key, entry] : deps->items()) {
      if (!entry.is_object()) continue;
      AddV1Entry(key, entry, out);
      const Json* nested = JsonField(entry, "dependencies");
      if (nested == nullptr || !nested->is_object()) continue;
      if (depth + 1 < kMaxV1Depth) {
        pending.emplace_back(nested, depth + 1);
      } else if (!warned) {
        warnings->push_back(FileMessage(
            path, absl::StrCat("dependencies nested deeper than ", kMaxV1Depth, " skipped")));
        warned = true;
      }
    }
  }
}

}  // namespace

bool NpmLockCataloger::Wants(const image::FileRecord& file) const {
  absl::string_view base = PathBasename(file.path);
  return base == "package-lock.json" || base == "npm-shrinkwrap.json";
}

absl::Status NpmLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  PackageCollector collector;
  const Json* packages = JsonField(root, "packages");
  const Json* dependencies = JsonField(root, "dependencies");
  // v2 carries both forms; "packages" is the complete one.
  if (packages != nullptr && packages->is_object()) {
    ParsePackages(*packages, &collector);
  } else if (dependencies != nullptr && dependencies->is_object()) {
    ParseDependencies(*dependencies, path, &collector, &facts->warnings);
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
