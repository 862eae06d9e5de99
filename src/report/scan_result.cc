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

const std::vector<std::string>& ReportSeverities() {
  static const auto* const kSeverities =
      new std::vector<std::string>{"critical", "high", "medium", "low", "negligible", "unknown"};
  return *kSeverities;
}

std::vector<std::pair<std::string, int>> CountBySeverity(
    const std::vector<vulndb::Vulnerability>& vulnerabilities) {
  std::vector<std::pair<std::string, int>> counts;
  for (const std::string& severity : ReportSeverities()) counts.emplace_back(severity, 0);
  for (const auto& v : vulnerabilities) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& entry) { return entry.first == v.severity; });
    if (it == counts.end()) it = counts.end() - 1;  // unknown
    ++it->second;
  }
  return counts;
}

bool FoundInPackage(const vulndb::Vulnerability& v, const inventory::Package& p) {
  return v.package == p.name && v.installed_version == p.version && v.found_in == p.found_in &&
         v.found_in_archive == p.found_in_archive &&
         v.ecosystem == inventory::EcosystemName(p.ecosystem);
}

}  // namespace moat::report
