#include "inventory/uv_lock.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/dependency_graph.h"
#include "inventory/package_collector.h"
#include "inventory/python_package.h"
#include "inventory/toml_document.h"

namespace moat::inventory {
namespace {

// The project itself and its workspace members.
bool IsLocalProject(const toml::table& package) {
  const toml::table* source = package["source"].as_table();
  return source != nullptr && (source->contains("editable") || source->contains("virtual") ||
                               source->contains("directory"));
}

// Names in an array of inline tables: [{ name = "idna" }, ...].
void AddNames(const toml::node* deps, std::vector<std::string>* out) {
  if (deps == nullptr || !deps->is_array()) return;
  for (const toml::node& dep : *deps->as_array()) {
    if (const toml::table* table = dep.as_table(); table != nullptr) {
      std::string name = TomlString(*table, "name");
      if (!name.empty()) out->push_back(std::move(name));
    }
  }
}

// Names of every group of a table of arrays: [package.optional-dependencies] json = [...].
void AddGroupNames(const toml::node* groups, std::vector<std::string>* out) {
  if (groups == nullptr || !groups->is_table()) return;
  for (const auto& [group, deps] : *groups->as_table()) AddNames(&deps, out);
}

absl::flat_hash_set<std::string> DevOnly(const std::vector<const toml::table*>& packages) {
  DependencyGraph graph;
  std::vector<std::string> prod_roots, dev_roots;
  for (const toml::table* package : packages) {
    std::string name = TomlString(*package, "name");
    std::vector<std::string>& edges = graph[name];
    AddNames(package->get("dependencies"), &edges);
    AddGroupNames(package->get("optional-dependencies"), &edges);
    if (IsLocalProject(*package)) {
      prod_roots.push_back(name);
      AddGroupNames(package->get("dev-dependencies"), &dev_roots);
    }
  }
  absl::flat_hash_set<std::string> prod = ReachableFrom(graph, prod_roots);
  absl::flat_hash_set<std::string> dev_only;
  for (const std::string& name : ReachableFrom(graph, dev_roots)) {
    if (!prod.contains(name)) dev_only.insert(name);
  }
  return dev_only;
}

}  // namespace

bool UvLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "uv.lock";
}

absl::Status UvLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  MOAT_ASSIGN_OR_RETURN(toml::table root,
                        ParseTomlDocument(StripUtf8Bom(input.data), input.file.path));
  std::vector<const toml::table*> packages = TomlTables(root, "package");
  absl::flat_hash_set<std::string> dev_only = DevOnly(packages);
  PackageCollector collector;
  for (const toml::table* package : packages) {
    std::string name = TomlString(*package, "name");
    std::string version = TomlString(*package, "version");
    if (name.empty() || !IsPlainVersion(version) || IsLocalProject(*package)) continue;
    bool dev = dev_only.contains(name);
    collector.Add(
        MakePypiPackage(std::move(name), std::move(version), PackageOrigin::kLockfile, dev));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
