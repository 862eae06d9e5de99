#include "inventory/pnpm_lock.h"

#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/path.h"
#include "common/status.h"
#include "inventory/app_text.h"
#include "inventory/dependency_graph.h"
#include "inventory/npm_common.h"
#include "inventory/package_collector.h"
#include "inventory/yaml_document.h"

namespace moat::inventory {
namespace {

// "30.0.3(@types/node@24.0.7)" -> "30.0.3": peer suffixes of v6+ keys and versions.
absl::string_view StripPeers(absl::string_view text) { return text.substr(0, text.find('(')); }

int MajorVersion(const YAML::Node& doc) {
  std::string text = YamlScalar(doc, "lockfileVersion");
  int major = 0;
  if (!absl::SimpleAtoi(absl::string_view(text).substr(0, text.find('.')), &major)) return 0;
  return major;
}

// v5: "/name/1.2.3", "/@scope/name/1.2.3_peer@1.0.0" (peer paths use '+' for '/').
void SplitV5Key(absl::string_view key, std::string* name, std::string* version) {
  std::vector<absl::string_view> parts = absl::StrSplit(key, '/');
  if (parts.size() < 2) return;
  absl::string_view last = parts.back();
  *version = std::string(last.substr(0, last.find('_')));
  size_t n = parts.size();
  if (n >= 3 && absl::StartsWith(parts[n - 3], "@")) {
    *name = absl::StrCat(parts[n - 3], "/", parts[n - 2]);
  } else {
    *name = std::string(parts[n - 2]);
  }
}

// v6 and v9: "@scope/name@1.2.3(peer)" -> name, version. Tarball and file keys yield a
// non-version here and carry "name"/"version" fields instead.
void SplitV6Key(absl::string_view key, std::string* name, std::string* version) {
  absl::string_view n, v;
  if (!SplitNpmSpec(StripPeers(key), &n, &v)) return;
  *name = std::string(n);
  *version = std::string(v);
}

bool IsLocalDirectory(absl::string_view key, const YAML::Node& entry) {
  if (absl::StartsWith(key, "link:")) return true;
  YAML::Node resolution = YamlField(entry, "resolution");
  return YamlField(resolution, "directory").IsDefined();
}

// Snapshot id of a dependency "name: version": the version may itself be "real@1.2.3(...)"
// for aliases, or "link:..." for workspace packages.
std::string SnapshotId(absl::string_view name, absl::string_view version) {
  absl::string_view real_name, real_version;
  if (SplitNpmSpec(StripPeers(version), &real_name, &real_version)) return std::string(version);
  return absl::StrCat(name, "@", version);
}

void AddEdges(const YAML::Node& deps, std::vector<std::string>* out) {
  if (!YamlIsMap(deps)) return;
  for (const auto& dep : deps)
    out->push_back(SnapshotId(YamlText(dep.first), YamlText(dep.second)));
}

// v9 importers list dependencies as {specifier, version}; v9 snapshots as plain versions.
void AddImporterRoots(const YAML::Node& deps, std::vector<std::string>* out) {
  if (!YamlIsMap(deps)) return;
  for (const auto& dep : deps) {
    out->push_back(SnapshotId(YamlText(dep.first), YamlScalar(dep.second, "version")));
  }
}

// Package ids ("name@version", peers stripped) that only devDependencies reach.
absl::flat_hash_set<std::string> V9DevOnly(const YAML::Node& doc) {
  DependencyGraph graph;
  YAML::Node snapshots = YamlField(doc, "snapshots");
  if (YamlIsMap(snapshots)) {
    for (const auto& snapshot : snapshots) {
      std::vector<std::string>& edges = graph[YamlText(snapshot.first)];
      AddEdges(YamlField(snapshot.second, "dependencies"), &edges);
      AddEdges(YamlField(snapshot.second, "optionalDependencies"), &edges);
    }
  }
  std::vector<std::string> prod_roots, dev_roots;
  YAML::Node importers = YamlField(doc, "importers");
  if (YamlIsMap(importers)) {
    for (const auto& importer : importers) {
      AddImporterRoots(YamlField(importer.second, "dependencies"), &prod_roots);
      AddImporterRoots(YamlField(importer.second, "optionalDependencies"), &prod_roots);
      AddImporterRoots(YamlField(importer.second, "devDependencies"), &dev_roots);
    }
  }
  absl::flat_hash_set<std::string> prod, dev_only;
  for (const std::string& id : ReachableFrom(graph, prod_roots)) {
    prod.insert(std::string(StripPeers(id)));
  }
  for (const std::string& id : ReachableFrom(graph, dev_roots)) {
    std::string package_id(StripPeers(id));
    if (!prod.contains(package_id)) dev_only.insert(std::move(package_id));
  }
  return dev_only;
}

void ParsePackages(const YAML::Node& doc, PackageCollector* out) {
  int major = MajorVersion(doc);
  absl::flat_hash_set<std::string> dev_only;
  if (major >= 9) dev_only = V9DevOnly(doc);
  YAML::Node packages = YamlField(doc, "packages");
  if (!YamlIsMap(packages)) return;
  for (const auto& item : packages) {
    std::string key = YamlText(item.first);
    const YAML::Node& entry = item.second;
    if (IsLocalDirectory(key, entry)) continue;
    absl::string_view bare = absl::StripPrefix(key, "/");
    std::string name, version;
    if (major >= 6) {
      SplitV6Key(bare, &name, &version);
    } else {
      SplitV5Key(bare, &name, &version);
    }
    if (std::string field = YamlScalar(entry, "name"); !field.empty()) name = field;
    if (std::string field = YamlScalar(entry, "version"); !field.empty()) version = field;
    if (!IsValidNpmName(name) || !IsPlainVersion(version)) continue;
    Package package = MakeNpmPackage(name, version, PackageOrigin::kLockfile);
    // v9 package keys are the snapshot ids without peer suffixes.
    package.dev =
        major >= 9 ? dev_only.contains(StripPeers(bare)) : YamlScalar(entry, "dev") == "true";
    out->Add(std::move(package));
  }
}

}  // namespace

bool PnpmLockCataloger::Wants(const image::FileRecord& file) const {
  return PathBasename(file.path) == "pnpm-lock.yaml";
}

absl::Status PnpmLockCataloger::Parse(const FileInput& input, FileFacts* facts) const {
  const std::string& path = input.file.path;
  MOAT_ASSIGN_OR_RETURN(std::vector<YAML::Node> docs, LoadYamlDocuments(input.data, path));
  PackageCollector collector;
  try {
    if (docs.empty() || !YamlIsMap(docs.back())) {
      return absl::InvalidArgumentError(FileMessage(path, "expected a YAML map"));
    }
    ParsePackages(docs.back(), &collector);
  } catch (const std::exception& e) {
    // yaml-cpp throws on some malformed node shapes; treat them as bad input.
    return absl::InvalidArgumentError(FileMessage(path, absl::StrCat("invalid YAML: ", e.what())));
  }
  for (Package& package : collector.Take()) facts->packages.push_back(std::move(package));
  return absl::OkStatus();
}

}  // namespace moat::inventory
