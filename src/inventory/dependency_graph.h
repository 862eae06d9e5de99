// Reachability over the dependency graph that a lock file records, for lock formats that say
// which roots are development-only (pnpm v9 importers, uv dev groups) but not which packages.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace moat::inventory {

using DependencyGraph = absl::flat_hash_map<std::string, std::vector<std::string>>;

// Every node reachable from `roots` (the roots included, even when absent from `graph`).
// Iterative: cycles and deep chains are fine.
absl::flat_hash_set<std::string> ReachableFrom(const DependencyGraph& graph,
                                               const std::vector<std::string>& roots);

}  // namespace moat::inventory
