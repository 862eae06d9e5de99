#include "inventory/dependency_graph.h"

namespace moat::inventory {

absl::flat_hash_set<std::string> ReachableFrom(const DependencyGraph& graph,
                                               const std::vector<std::string>& roots) {
  absl::flat_hash_set<std::string> seen;
  std::vector<const std::string*> pending;
  for (const std::string& root : roots) {
    if (seen.insert(root).second) pending.push_back(&root);
  }
  while (!pending.empty()) {
    const std::string* node = pending.back();
    pending.pop_back();
    auto it = graph.find(*node);
    if (it == graph.end()) continue;
    for (const std::string& next : it->second) {
      if (seen.insert(next).second) pending.push_back(&next);
    }
  }
  return seen;
}

}  // namespace moat::inventory
