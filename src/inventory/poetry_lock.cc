#include "inventory/poetry_lock.h"

#include <string>
#include <utility>

#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/package_collector.h"
#include "inventory/python_package.h"
#include "inventory/toml_document.h"

namespace moat::inventory {
namespace {

bool IsDev(const toml::table& package) {
  if (TomlString(package, "category") == "dev") return true;
  const toml::array* groups = package["groups"].as_array();
  if (groups == nullptr || groups->empty()) return false;
  for (const toml::node& group : *groups) {
    if (group.value<std::string>() == "main") return false;
  }
  return true;
}

bool IsLocalDirectory(const toml::table& package) {
  const toml::table* source = package["source"].as_table();
  return source != nullptr && TomlString(*source, "type") == "directory";
}

}  // namespace

bool PoetryLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "poetry.lock";
}

absl::Status PoetryLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  MOAT_ASSIGN_OR_RETURN(toml::table root,
                        ParseTomlDocument(StripUtf8Bom(input.data), input.file.path));
  PackageCollector collector;
  for (const toml::table* package : TomlTables(root, "package")) {
    std::string name = TomlString(*package, "name");
    std::string version = TomlString(*package, "version");
    if (name.empty() || !IsPlainVersion(version) || IsLocalDirectory(*package)) continue;
    collector.Add(MakePypiPackage(std::move(name), std::move(version), PackageOrigin::kLockfile,
                                  IsDev(*package)));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
