#include "inventory/composer.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/package_collector.h"

namespace moat::inventory {
namespace {

// "license" is an array of SPDX ids, sometimes a single string.
std::vector<std::string> ComposerLicenses(const Json& entry) {
  const Json* field = JsonField(entry, "license");
  if (field != nullptr && field->is_string() && !field->get_ref<const std::string&>().empty()) {
    return {field->get<std::string>()};
  }
  std::vector<std::string> out = JsonStringArray(entry, "license");
  std::erase(out, std::string());
  return out;
}

// Packages from a "path" repository are the project's own local code.
bool IsPathRepository(const Json& entry) {
  const Json* dist = JsonField(entry, "dist");
  return dist != nullptr && JsonString(*dist, "type") == "path";
}

// Adds each {"name": "vendor/pkg", "version": "v1.2.3"} of `list` (versions as written).
void AddPackages(const Json* list, PackageOrigin origin, bool dev, PackageCollector* out) {
  if (list == nullptr || !list->is_array()) return;
  for (const Json& entry : *list) {
    std::string name = JsonString(entry, "name");
    std::string version = JsonString(entry, "version");
    if (name.empty() || !IsPlainVersion(version) || IsPathRepository(entry)) continue;
    Package package;
    package.ecosystem = Ecosystem::kComposer;
    package.name = std::move(name);
    package.version = std::move(version);
    package.licenses = ComposerLicenses(entry);
    package.origin = origin;
    package.dev = dev;
    out->Add(std::move(package));
  }
}

void Emit(PackageCollector* collector, FileFacts* facts) {
  for (Package& package : collector->Take()) facts->packages.push_back(std::move(package));
}

}  // namespace

bool ComposerLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "composer.lock";
}

absl::Status ComposerLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  PackageCollector collector;
  AddPackages(JsonField(root, "packages"), PackageOrigin::kLockfile, false, &collector);
  AddPackages(JsonField(root, "packages-dev"), PackageOrigin::kLockfile, true, &collector);
  Emit(&collector, facts);
  return absl::OkStatus();
}

bool ComposerInstalledCataloger::Wants(const image::FileRecord& file) const {
  return absl::EndsWith(file.path, "/composer/installed.json");
}

absl::Status ComposerInstalledCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  const Json* list = root.is_array() ? &root : JsonField(root, "packages");
  if (list == nullptr || !list->is_array()) {
    return absl::InvalidArgumentError(
        FileMessage(path, "expected an array or an object with \"packages\""));
  }
  PackageCollector collector;
  AddPackages(list, PackageOrigin::kInstalled, false, &collector);
  Emit(&collector, facts);
  return absl::OkStatus();
}

}  // namespace moat::inventory
