#include "inventory/nuget_lock.h"

#include <string>
#include <utility>

#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/nuget_package.h"
#include "inventory/package_collector.h"

namespace moat::inventory {

bool NugetLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "packages.lock.json";
}

absl::Status NugetLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  const Json* frameworks = JsonField(root, "dependencies");
  if (frameworks == nullptr || !frameworks->is_object()) return absl::OkStatus();
  PackageCollector collector;
  for (const auto& [framework, packages] : frameworks->items()) {
    if (!packages.is_object()) continue;
    for (const auto& [name, entry] : packages.items()) {
      std::string version = JsonString(entry, "resolved");
      if (JsonString(entry, "type") == "Project" || name.empty() || !IsPlainVersion(version)) {
        continue;
      }
      collector.Add(MakeNugetPackage(name, std::move(version), PackageOrigin::kLockfile));
    }
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
