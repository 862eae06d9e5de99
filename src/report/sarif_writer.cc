#include "report/sarif_writer.h"

#include <algorithm>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/severity.h"
#include "report/sarif_result.h"
#include "report/sarif_rule.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

// Placeholder until the project has a public home; SARIF wants an absolute URI here.
constexpr char kInformationUri[] = "https://github.com/moat-scanner/moat";
// Scan warnings passed on as tool notifications; the rest are counted in one more notification.
constexpr size_t kMaxWarnings = 100;

// One result to be: a vulnerability or a finding, with its severity rank for sorting.
struct Entry {
  int rank = 0;
  const vulndb::Vulnerability* vulnerability = nullptr;
  const detect::Finding* finding = nullptr;

  const std::string& RuleId() const {
    return vulnerability != nullptr ? vulnerability->id : finding->rule_id;
  }
};

// Worst first; vulnerabilities before findings of equal severity, each in the scan's order.
std::vector<Entry> SortedEntries(const ScanResult& result) {
  std::vector<Entry> entries;
  entries.reserve(result.vulnerabilities.size() + result.findings.size());
  for (const auto& v : result.vulnerabilities) {
    entries.push_back({SeverityRank(v.severity), &v, nullptr});
  }
  for (const auto& f : result.findings) {
    entries.push_back({SeverityRank(f.severity), nullptr, &f});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return a.rank < b.rank; });
  return entries;
}

// One rule per distinct rule id in order of first use; `index` maps ids to their position.
OrderedJson Rules(const std::vector<Entry>& entries, std::map<std::string, int>& index) {
  std::vector<const Entry*> firsts;
  std::map<std::string, std::vector<const vulndb::Vulnerability*>> vulnerabilities;
  std::map<std::string, std::vector<const detect::Finding*>> findings;
  for (const Entry& e : entries) {
    if (index.emplace(e.RuleId(), static_cast<int>(firsts.size())).second) firsts.push_back(&e);
    if (e.vulnerability != nullptr) vulnerabilities[e.RuleId()].push_back(e.vulnerability);
    if (e.finding != nullptr) findings[e.RuleId()].push_back(e.finding);
  }
  OrderedJson rules = OrderedJson::array();
  for (const Entry* e : firsts) {
    rules.push_back(e->vulnerability != nullptr ? VulnerabilityRule(vulnerabilities[e->RuleId()])
                                                : FindingRule(findings[e->RuleId()]));
  }
  return rules;
}

OrderedJson Results(const std::vector<Entry>& entries, const std::map<std::string, int>& index,
                    const std::string& image_name) {
  OrderedJson results = OrderedJson::array();
  for (const Entry& e : entries) {
    int rule_index = index.at(e.RuleId());
    results.push_back(e.vulnerability != nullptr
                          ? VulnerabilityResult(*e.vulnerability, rule_index, image_name)
                          : FindingResult(*e.finding, rule_index, image_name));
  }
  return results;
}

// "moat/image/<name>/": the category GitHub keeps one analysis per. The name is the image's
// display name without a digest (a rebuilt image keeps its category), with characters other
// than letters, digits, '.', '_', '-' and '/' replaced by '-'.
std::string AutomationId(const image::ImageInfo& image) {
  std::string name = ImageDisplayName(image);
  name = name.substr(0, name.find('@'));
  for (char& c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' &&
        c != '/') {
      c = '-';
    }
  }
  name.erase(0, name.find_first_not_of('/'));
  while (!name.empty() && name.back() == '/') name.pop_back();
  return absl::StrCat("moat/image/", name.empty() ? "unnamed" : name, "/");
}

OrderedJson Notification(absl::string_view id, absl::string_view level, const std::string& text) {
  return {{"level", std::string(level)},
          {"message", {{"text", text}}},
          {"descriptor", {{"id", std::string(id)}}}};
}

OrderedJson Invocation(const ScanResult& result, size_t omitted, size_t limit) {
  OrderedJson notifications = OrderedJson::array();
  if (omitted > 0) {
    notifications.push_back(Notification(
        "moat/results-truncated", "warning",
        absl::StrCat(omitted,
                     " least severe results left out: a SARIF run for GitHub code "
                     "scanning holds at most ",
                     limit, " results; use another format (-f json) for all of them")));
  }
  const std::vector<std::string>& warnings = result.inventory.warnings;
  for (size_t i = 0; i < warnings.size() && i < kMaxWarnings; ++i) {
    notifications.push_back(Notification("moat/scan-warning", "warning", warnings[i]));
  }
  if (warnings.size() > kMaxWarnings) {
    notifications.push_back(
        Notification("moat/scan-warning", "note",
                     absl::StrCat(warnings.size() - kMaxWarnings, " more scan warnings left out")));
  }
  OrderedJson invocation = {{"executionSuccessful", true}};
  if (!result.scanned_at.empty()) invocation["endTimeUtc"] = NormalizeTimestamp(result.scanned_at);
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  return invocation;
}

OrderedJson RunProperties(const ScanResult& result, size_t total, size_t omitted) {
  const image::ImageInfo& image = result.image;
  return {{"imageName", ImageDisplayName(image)},
          {"imageReference", image.reference},
          {"imageDigest", image.digest},
          {"imageId", image.image_id},
          {"scanners", result.scanners},
          {"resultsTotal", total},
          {"resultsOmitted", omitted}};
}

OrderedJson Driver(const ScanResult& result, OrderedJson rules) {
  std::string version = ScannerVersion(result);
  return {{"name", "moat"},
          {"version", version},
          {"semanticVersion", version},
          {"informationUri", kInformationUri},
          {"rules", std::move(rules)}};
}

}  // namespace

std::string RenderSarif(const ScanResult& result, const RenderOptions& options) {
  return RenderSarif(result, options, SarifLimits{});
}

std::string RenderSarif(const ScanResult& result, const RenderOptions& /*options*/,
                        const SarifLimits& limits) {
  std::vector<Entry> entries = SortedEntries(result);
  size_t total = entries.size();
  if (entries.size() > limits.max_results) entries.resize(limits.max_results);
  size_t omitted = total - entries.size();
  std::map<std::string, int> index;
  OrderedJson rules = Rules(entries, index);
  std::string image_name = ImageDisplayName(result.image);
  OrderedJson run = {{"tool", {{"driver", Driver(result, std::move(rules))}}},
                     {"automationDetails", {{"id", AutomationId(result.image)}}},
                     {"invocations", {Invocation(result, omitted, limits.max_results)}},
                     {"results", Results(entries, index, image_name)},
                     {"properties", RunProperties(result, total, omitted)}};
  OrderedJson log = {{"$schema", kSarifSchemaUri}, {"version", kSarifVersion}, {"runs", {run}}};
  return DumpOrderedJson(log);
}

}  // namespace moat::report
