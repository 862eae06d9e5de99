#include "inventory/assembler.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/path.h"
#include "inventory/os_select.h"
#include "inventory/purl.h"

namespace moat::inventory {
namespace {

using NamedLists = absl::flat_hash_map<std::string, std::vector<std::string>>;

struct Facts {
  std::map<std::string, OsInfo> os_by_path;
  absl::flat_hash_set<std::string> owned;  // every file an OS package owns
  NamedLists files_by_package;
  NamedLists licenses_by_package;
  std::vector<Package> packages;
  std::vector<std::string> warnings;
};

std::string PackageId(const Package& p) {
  return absl::StrCat(EcosystemName(p.ecosystem), "/", p.name, "@", p.version, "/", p.arch);
}

// A package database rewritten by a later layer still holds the packages of the layers below:
// attribute each package to the layer that installed it — the lowest layer from which every
// version of the database up to the live one lists it (Trivy does the same).
void AttributeToInstallingLayers(std::vector<FileResult>& results) {
  absl::flat_hash_map<std::string, std::map<int, absl::flat_hash_set<std::string>>> by_path;
  for (const FileResult& r : results) {
    if (r.facts.packages.empty()) continue;
    auto& ids = by_path[r.path][r.layer];
    for (const Package& p : r.facts.packages) ids.insert(PackageId(p));
  }
  for (FileResult& r : results) {
    auto it = by_path.find(r.path);
    if (it == by_path.end() || it->second.size() < 2) continue;
    const auto& versions = it->second;  // layer -> ids, ascending
    for (Package& p : r.facts.packages) {
      std::string id = PackageId(p);
      auto here = versions.find(r.layer);
      for (auto v = std::make_reverse_iterator(here); v != versions.rend(); ++v) {
        if (!v->second.contains(id)) break;
        p.layer = v->first;
      }
    }
  }
}

Facts CollectLive(const image::FilesystemView& view, std::vector<FileResult>& results) {
  Facts facts;
  for (FileResult& r : results) {
    if (!view.IsLive(r.layer, r.path)) continue;
    if (r.facts.os) facts.os_by_path[r.path] = *r.facts.os;
    for (auto& [name, paths] : r.facts.owned_files) {
      auto& list = facts.files_by_package[name];
      for (auto& p : paths) {
        facts.owned.insert(p);
        list.push_back(std::move(p));
      }
    }
    for (auto& [name, licenses] : r.facts.licenses) {
      auto& list = facts.licenses_by_package[name];
      list.insert(list.end(), licenses.begin(), licenses.end());
    }
    for (auto& p : r.facts.packages) facts.packages.push_back(std::move(p));
    for (auto& w : r.facts.warnings) facts.warnings.push_back(std::move(w));
  }
  return facts;
}

void AttachOsPackageData(Facts& facts, Package& p) {
  for (const std::string& key : {p.name, absl::StrCat(p.name, ":", p.arch)}) {
    if (auto it = facts.files_by_package.find(key); it != facts.files_by_package.end()) {
      p.files.insert(p.files.end(), it->second.begin(), it->second.end());
    }
    if (p.licenses.empty()) {
      if (auto it = facts.licenses_by_package.find(key); it != facts.licenses_by_package.end()) {
        p.licenses = it->second;
      }
    }
  }
  std::sort(p.files.begin(), p.files.end());
  p.files.erase(std::unique(p.files.begin(), p.files.end()), p.files.end());
  std::sort(p.licenses.begin(), p.licenses.end());
  p.licenses.erase(std::unique(p.licenses.begin(), p.licenses.end()), p.licenses.end());
}

auto Key(const Package& p) {
  return std::make_tuple(!IsOsEcosystem(p.ecosystem), EcosystemName(p.ecosystem), p.name, p.version,
                         p.found_in, p.found_in_archive);
}

// Lock-file entries that the same project also has installed below the lock file's directory.
std::vector<Package> DropInstalledLockEntries(std::vector<Package> packages) {
  absl::flat_hash_map<std::string, std::vector<const Package*>> installed;
  for (const Package& p : packages) {
    if (p.origin == PackageOrigin::kInstalled) {
      installed[absl::StrCat(EcosystemName(p.ecosystem), "/", p.name, "@", p.version)].push_back(
          &p);
    }
  }
  // Decide first, move after: `installed` points into `packages`.
  std::vector<bool> shadowed(packages.size(), false);
  for (size_t i = 0; i < packages.size(); ++i) {
    const Package& p = packages[i];
    if (p.origin != PackageOrigin::kLockfile) continue;
    auto it = installed.find(absl::StrCat(EcosystemName(p.ecosystem), "/", p.name, "@", p.version));
    if (it == installed.end()) continue;
    std::string dir(PathDirname(p.found_in));
    for (const Package* q : it->second) shadowed[i] = shadowed[i] || PathIsWithin(q->found_in, dir);
  }
  std::vector<Package> out;
  for (size_t i = 0; i < packages.size(); ++i) {
    if (!shadowed[i]) out.push_back(std::move(packages[i]));
  }
  return out;
}

// Merged-/usr images make /bin a symlink to usr/bin, while dpkg may list /bin/ls: an owned
// path below a symlinked directory is also owned under the directory the link points to.
void AddOwnedAliases(const image::FilesystemView& view, const image::ScanLimits& limits,
                     absl::flat_hash_set<std::string>& owned) {
  std::vector<std::pair<std::string, std::string>> linked_dirs;  // link path -> resolved path
  view.ForEachLive([&](const image::FileRecord& f, image::FileRef) {
    if (f.type != image::EntryType::kSymlink) return;
    auto target = view.Resolve(f.path, limits.max_symlink_hops);
    if (target.ok() && view.Get(*target).type == image::EntryType::kDirectory) {
      linked_dirs.emplace_back(f.path, view.Get(*target).path);
    }
  });
  if (linked_dirs.empty()) return;
  std::vector<std::string> aliases;
  for (const std::string& path : owned) {
    for (const auto& [link, target] : linked_dirs) {
      if (path.size() > link.size() && PathIsWithin(path, link)) {
        aliases.push_back(absl::StrCat(target, path.substr(link.size())));
      }
    }
  }
  owned.insert(aliases.begin(), aliases.end());
}

// An image may carry more than one rpm database (a converted sqlite next to the old BDB):
// packages come from the most modern one only.
void KeepOneRpmDatabase(std::vector<Package>& packages) {
  auto rank = [](absl::string_view path) {
    absl::string_view base = PathBasename(path);
    return base == "rpmdb.sqlite" ? 0 : base == "Packages.db" ? 1 : 2;
  };
  int best = 3;
  for (const Package& p : packages) {
    if (p.ecosystem == Ecosystem::kRpm) best = std::min(best, rank(p.found_in));
  }
  packages.erase(std::remove_if(packages.begin(), packages.end(),
                                [&](const Package& p) {
                                  return p.ecosystem == Ecosystem::kRpm && rank(p.found_in) != best;
                                }),
                 packages.end());
}

}  // namespace

std::vector<Executable> CollectExecutables(const image::ImageFiles& files) {
  std::vector<Executable> out;
  const image::FilesystemView& view = *files.view;
  view.ForEachLive([&](const image::FileRecord& f, image::FileRef ref) {
    if (!f.IsExecutable()) return;
    Executable e{f.path, f.size, f.sha256, f.mode, ref.layer};
    if (f.type == image::EntryType::kHardlink && e.sha256.empty()) {
      if (auto target = view.Lookup(f.link_target)) {
        e.sha256 = view.Get(*target).sha256;
        e.size = view.Get(*target).size;
      }
    }
    out.push_back(std::move(e));
  });
  return out;
}

Inventory AssembleInventory(const image::ImageInfo& info, const image::ImageFiles& files,
                            std::vector<FileResult> results, const image::ScanLimits& limits) {
  Inventory inventory;
  AttributeToInstallingLayers(results);
  Facts facts = CollectLive(*files.view, results);
  inventory.os = SelectOs(facts.os_by_path, *files.view, limits);
  AddOwnedAliases(*files.view, limits, facts.owned);
  KeepOneRpmDatabase(facts.packages);
  std::vector<Package> kept;
  for (Package& p : facts.packages) {
    if (IsOsEcosystem(p.ecosystem)) {
      AttachOsPackageData(facts, p);
    } else if (facts.owned.contains(p.found_in)) {
      continue;  // a file of an OS package: the OS package is the one to report
    }
    if (p.layer >= 0 && p.layer < static_cast<int>(info.layers.size())) {
      p.layer_diff_id = info.layers[p.layer].diff_id;
    }
    kept.push_back(std::move(p));
  }
  kept = DropInstalledLockEntries(std::move(kept));
  std::sort(kept.begin(), kept.end(),
            [](const Package& a, const Package& b) { return Key(a) < Key(b); });
  kept.erase(std::unique(kept.begin(), kept.end(),
                         [](const Package& a, const Package& b) { return Key(a) == Key(b); }),
             kept.end());
  for (Package& p : kept) p.purl = MakePurl(p, inventory.os);
  inventory.packages = std::move(kept);
  inventory.executables = CollectExecutables(files);
  for (const auto& layer : files.layers) {
    inventory.warnings.insert(inventory.warnings.end(), layer.warnings.begin(),
                              layer.warnings.end());
  }
  inventory.warnings.insert(inventory.warnings.end(), facts.warnings.begin(), facts.warnings.end());
  return inventory;
}

}  // namespace moat::inventory
