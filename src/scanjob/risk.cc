#include "scanjob/risk.h"

#include <map>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace moat::scanjob {
namespace {

using RiskKey = std::pair<std::string, std::string>;

void CountArray(const Json& report, absl::string_view field, bool vulnerabilities,
                std::map<RiskKey, store::RiskCount>* counts) {
  const Json* items = JsonField(report, field);
  if (items == nullptr || !items->is_array()) return;
  for (const Json& item : *items) {
    if (!item.is_object()) continue;
    std::string category = vulnerabilities ? "vulnerability" : JsonString(item, "category");
    std::string severity = JsonString(item, "severity", "unknown");
    if (category.empty()) continue;
    if (severity.empty()) severity = "unknown";
    store::RiskCount& count = (*counts)[{category, severity}];
    count.category = category;
    count.severity = severity;
    ++count.count;
    if (vulnerabilities && !JsonStringArray(item, "fixedVersions").empty()) ++count.fixable;
  }
}

}  // namespace

std::vector<store::RiskCount> RiskFromReport(const Json& report) {
  std::map<RiskKey, store::RiskCount> counts;
  CountArray(report, "vulnerabilities", true, &counts);
  CountArray(report, "findings", false, &counts);
  std::vector<store::RiskCount> risk;
  risk.reserve(counts.size());
  for (auto& [key, count] : counts) risk.push_back(std::move(count));
  return risk;
}

}  // namespace moat::scanjob
