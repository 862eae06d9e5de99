#include "report/scan_result.h"

#include <algorithm>

namespace moat::report {

std::vector<std::pair<std::string, int>> CountByEcosystem(const inventory::Inventory& inventory) {
  std::vector<std::pair<std::string, int>> counts;
  for (const auto& package : inventory.packages) {
    std::string name(inventory::EcosystemName(package.ecosystem));
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& entry) { return entry.first == name; });
    if (it == counts.end()) {
      counts.emplace_back(name, 1);
    } else {
      ++it->second;
    }
  }
  return counts;
}

}  // namespace moat::report
