#include "report/vuln_table.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/table_format.h"
#include "vulndb/version_scheme.h"

namespace moat::report {
namespace {

constexpr size_t kColumnCaps[] = {20, 10, 12, 24};
constexpr size_t kMaxTitle = 72;

using Findings = std::vector<const vulndb::Vulnerability*>;
using PackageKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

PackageKey KeyOf(const vulndb::Vulnerability& v) {
  return {v.ecosystem, v.package, v.installed_version, v.found_in, v.found_in_archive};
}

// Packages in order of their worst finding, then by name; findings keep the matcher's order.
std::vector<Findings> GroupByPackage(const std::vector<vulndb::Vulnerability>& vulnerabilities) {
  std::map<PackageKey, Findings> by_package;
  for (const auto& v : vulnerabilities) by_package[KeyOf(v)].push_back(&v);
  std::vector<Findings> groups;
  for (auto& [key, findings] : by_package) groups.push_back(std::move(findings));
  std::stable_sort(groups.begin(), groups.end(), [](const Findings& a, const Findings& b) {
    auto worst = [](const Findings& f) {
      int rank = 99;
      for (const auto* v : f) rank = std::min(rank, SeverityRank(v->severity));
      return rank;
    };
    return std::make_tuple(worst(a), a[0]->package) < std::make_tuple(worst(b), b[0]->package);
  });
  return groups;
}

std::string Counts(const Findings& findings) {
  std::vector<std::string> severities;
  for (const auto* v : findings) severities.push_back(v->severity);
  return SeverityCounts(severities);
}

// The suggestion of the finding whose lowest fixed version is the highest, so following it
// fixes every fixed finding of the package (when the fixes are on one line of releases).
std::string PackageFix(const Findings& findings) {
  const vulndb::Vulnerability* best = nullptr;
  const vulndb::VersionScheme* scheme = vulndb::VersionSchemeFor(findings[0]->ecosystem);
  for (const auto* v : findings) {
    if (v->fixed_versions.empty() || v->fix.empty()) continue;
    if (best == nullptr) {
      best = v;
      continue;
    }
    const std::string& a = v->fixed_versions.front();
    const std::string& b = best->fixed_versions.front();
    absl::StatusOr<int> c = scheme != nullptr ? scheme->Compare(a, b) : absl::StatusOr<int>(0);
    if ((c.ok() && *c > 0) || (!c.ok() && a > b)) best = v;
  }
  return best == nullptr ? "" : best->fix;
}

std::string PackageHeading(const Findings& findings) {
  const vulndb::Vulnerability& v = *findings[0];
  std::string where = v.ecosystem;
  if (!v.source_package.empty() && v.source_package != v.package) {
    absl::StrAppend(&where, ", source ", v.source_package);
  } else if (!v.found_in.empty() && v.distro.empty()) {
    absl::StrAppend(&where, ", ", v.found_in, v.found_in_archive.empty() ? "" : "!/",
                    v.found_in_archive);
  }
  return CleanCell(absl::StrCat(v.package, " ", v.installed_version, " (", where,
                                "): ", findings.size(), " (", Counts(findings), ")"));
}

void AppendPackage(const Findings& findings, std::string* out) {
  absl::StrAppend(out, "\n", PackageHeading(findings), "\n");
  std::vector<std::vector<std::string>> rows = {{"ID", "SEVERITY", "STATE", "FIXED-IN", "TITLE"}};
  for (const auto* v : findings) {
    rows.push_back({CleanCell(v->id), CleanCell(v->severity),
                    std::string(vulndb::FixStateName(v->state)),
                    CleanCell(v->fixed_versions.empty() ? "" : v->fixed_versions.front()),
                    CleanCell(ShortCell(v->title, kMaxTitle))});
  }
  AppendAlignedRows(rows, kColumnCaps, "  ", out);
  if (std::string fix = PackageFix(findings); !fix.empty()) {
    absl::StrAppend(out, "  fix: ", CleanCell(fix), "\n");
  }
}

}  // namespace

std::string SeverityCounts(const std::vector<std::string>& severities) {
  std::vector<int> counts(kSeverityNames.size(), 0);
  for (const std::string& s : severities) ++counts[SeverityRank(s)];
  std::vector<std::string> parts;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) parts.push_back(absl::StrCat(kSeverityNames[i], " ", counts[i]));
  }
  return absl::StrJoin(parts, ", ");
}

std::vector<FixSuggestion> VulnerabilityFixes(
    const std::vector<vulndb::Vulnerability>& vulnerabilities) {
  std::vector<FixSuggestion> out;
  for (const Findings& findings : GroupByPackage(vulnerabilities)) {
    std::string fix = PackageFix(findings);
    if (fix.empty()) continue;
    FixSuggestion s;
    s.fix = std::move(fix);
    std::vector<std::string> severities;
    for (const auto* v : findings) {
      if (v->fixed_versions.empty()) continue;
      severities.push_back(v->severity);
      s.worst_rank = std::min(s.worst_rank, SeverityRank(v->severity));
      ++s.count;
    }
    s.counts = SeverityCounts(severities);
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const FixSuggestion& a, const FixSuggestion& b) {
    return std::make_tuple(a.worst_rank, -a.count, a.fix) <
           std::make_tuple(b.worst_rank, -b.count, b.fix);
  });
  return out;
}

void AppendVulnerabilities(const ScanResult& result, std::string* out) {
  if (!result.database.has_value()) {
    absl::StrAppend(out, "\nVulnerabilities: not checked\n");
    return;
  }
  const auto& vulnerabilities = result.vulnerabilities;
  Findings all;
  for (const auto& v : vulnerabilities) all.push_back(&v);
  std::string built = result.database->built_at.empty()
                          ? ""
                          : absl::StrCat(" (database built ", result.database->built_at, ")");
  if (vulnerabilities.empty()) {
    absl::StrAppend(out, "\nVulnerabilities: none found", CleanCell(built), "\n");
    return;
  }
  absl::StrAppend(out, "\nVulnerabilities: ", vulnerabilities.size(), " (", Counts(all), ")",
                  CleanCell(built), "\n");
  for (const Findings& findings : GroupByPackage(vulnerabilities)) AppendPackage(findings, out);
}

}  // namespace moat::report
