#include "inventory/npm_package_json.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/npm_common.h"

namespace moat::inventory {

bool NpmPackageJsonCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "package.json";
}

absl::Status NpmPackageJsonCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(StripUtf8Bom(input.data), path));
  if (!root.is_object()) {
    return absl::InvalidArgumentError(FileMessage(path, "expected a JSON object"));
  }
  std::string name = JsonString(root, "name");
  std::string version = JsonString(root, "version");
  // Both fields are optional for projects that are never published.
  if (name.empty() || version.empty()) return absl::OkStatus();
  if (!IsValidNpmName(name)) {
    return absl::InvalidArgumentError(
        FileMessage(path, absl::StrCat("invalid package name \"", name, "\"")));
  }
  if (!IsPlainVersion(version)) return absl::OkStatus();
  Package package = MakeNpmPackage(std::move(name), std::move(version), PackageOrigin::kInstalled);
  package.licenses = NpmLicenses(root);
  facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
