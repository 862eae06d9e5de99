#include "inventory/dotnet_deps.h"

#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/nuget_package.h"
#include "inventory/package_collector.h"

namespace moat::inventory {

bool DotnetDepsCataloger::Wants(const image::FileRecord& file) const {
  return absl::EndsWith(PathBasename(file.path), ".deps.json");
}

absl::Status DotnetDepsCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  const Json* libraries = JsonField(root, "libraries");
  if (libraries == nullptr || !libraries->is_object()) return absl::OkStatus();
  PackageCollector collector;
  for (const auto& [key, library] : libraries->items()) {
    if (JsonString(library, "type") != "package") continue;
    size_t slash = key.find('/');
    if (slash == std::string::npos) continue;
    std::string name = key.substr(0, slash);
    std::string version = key.substr(slash + 1);
    if (name.empty() || !IsPlainVersion(version)) continue;
    collector.Add(MakeNugetPackage(std::move(name), std::move(version), PackageOrigin::kInstalled));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
