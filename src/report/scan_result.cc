#include "report/scan_result.h"

#include <algorithm>

#include "common/severity.h"

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

namespace {

std::vector<std::pair<std::string, int>> ZeroCounts() {
  std::vector<std::pair<std::string, int>> counts;
  for (absl::string_view severity : kSeverityNames) counts.emplace_back(std::string(severity), 0);
  return counts;
}

}  // namespace

std::vector<std::pair<std::string, int>> CountBySeverity(
    const std::vector<vulndb::Vulnerability>& vulnerabilities) {
  auto counts = ZeroCounts();
  for (const auto& v : vulnerabilities) ++counts[SeverityRank(v.severity)].second;
  return counts;
}

std::vector<std::pair<std::string, std::vector<std::pair<std::string, int>>>> CountFindings(
    const std::vector<detect::Finding>& findings) {
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, int>>>> out;
  for (detect::Category category : detect::kCategories) {
    auto counts = ZeroCounts();
    bool any = false;
    for (const auto& f : findings) {
      if (f.category != category) continue;
      ++counts[SeverityRank(f.severity)].second;
      any = true;
    }
    if (any) out.emplace_back(std::string(detect::CategoryName(category)), std::move(counts));
  }
  return out;
}

bool FoundInPackage(const vulndb::Vulnerability& v, const inventory::Package& p) {
  return v.package == p.name && v.installed_version == p.version && v.found_in == p.found_in &&
         v.found_in_archive == p.found_in_archive &&
         v.ecosystem == inventory::EcosystemName(p.ecosystem);
}

}  // namespace moat::report
