// Collects the packages of one file without duplicates: a lock file can list one name@version
// at several install paths; the entry is development-only when every listing says so.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "inventory/package.h"

namespace moat::inventory {

class PackageCollector {
 public:
  // Adds `package`, or merges it into the earlier one with the same name and version: `dev`
  // becomes the AND of both, licences are kept from the first listing that has any.
  void Add(Package package);
  // The packages in the order first added; the collector is empty afterwards.
  std::vector<Package> Take();
  size_t size() const { return packages_.size(); }

 private:
  std::vector<Package> packages_;
  absl::flat_hash_map<std::string, size_t> index_;  // "name\0version" -> position
};

}  // namespace moat::inventory
