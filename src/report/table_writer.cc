#include "report/table_writer.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/findings_table.h"
#include "report/summary.h"
#include "report/table_format.h"
#include "report/vuln_table.h"

namespace moat::report {
namespace {

// Columns wider than this do not widen the whole column: the long cell just overflows.
constexpr size_t kColumnCaps[] = {48, 32, 40};

std::string Clean(absl::string_view text) { return CleanCell(text); }

std::string FoundIn(const inventory::Package& p) {
  if (p.found_in_archive.empty()) return Clean(p.found_in);
  return Clean(absl::StrCat(p.found_in, "!/", p.found_in_archive));
}

// OS packages show their distro source package; application packages how they were found.
std::string SourceOrOrigin(const inventory::Package& p) {
  if (inventory::IsOsEcosystem(p.ecosystem)) {
    if (p.source_name.empty() || p.source_name == p.name) {
      return p.source_version.empty() ? "" : Clean(p.source_version);
    }
    std::string out = Clean(p.source_name);
    if (!p.source_version.empty() && p.source_version != p.version) {
      absl::StrAppend(&out, " ", Clean(p.source_version));
    }
    return out;
  }
  std::string out(inventory::PackageOriginName(p.origin));
  if (p.dev) absl::StrAppend(&out, " (dev)");
  return out;
}

void AppendHeader(const ScanResult& result, std::string* out) {
  const image::ImageInfo& image = result.image;
  std::string name = image.repo_tags.empty() ? image.reference : image.repo_tags.front();
  absl::StrAppend(out, "Image:     ", Clean(name));
  if (!image.source_type.empty()) absl::StrAppend(out, " (", Clean(image.source_type), ")");
  absl::StrAppend(out, "\n");
  if (!image.digest.empty()) absl::StrAppend(out, "Digest:    ", Clean(image.digest), "\n");
  if (!image.image_id.empty()) absl::StrAppend(out, "Image ID:  ", Clean(image.image_id), "\n");
  if (!image.platform.os.empty()) {
    absl::StrAppend(out, "Platform:  ", Clean(image.platform.ToString()), "\n");
  }
  const auto& os = result.inventory.os;
  if (!os.has_value()) {
    absl::StrAppend(out, "OS:        unknown\n");
    return;
  }
  std::string name_part = os->name.empty() ? os->family : os->name;
  absl::StrAppend(out, "OS:        ", Clean(name_part), " [", Clean(os->family), " ",
                  Clean(os->version), os->distroless ? ", distroless" : "", "]\n");
}

using Group = std::vector<const inventory::Package*>;

// Groups in ecosystem order (OS packages first); packages by name, version, location.
std::map<inventory::Ecosystem, Group> GroupPackages(const inventory::Inventory& inventory) {
  std::map<inventory::Ecosystem, Group> groups;
  for (const auto& p : inventory.packages) groups[p.ecosystem].push_back(&p);
  for (auto& [ecosystem, group] : groups) {
    std::stable_sort(group.begin(), group.end(), [](const auto* a, const auto* b) {
      return std::tie(a->name, a->version, a->found_in, a->found_in_archive) <
             std::tie(b->name, b->version, b->found_in, b->found_in_archive);
    });
  }
  return groups;
}

void AppendGroup(inventory::Ecosystem ecosystem, const Group& group, std::string* out) {
  absl::StrAppend(out, "\n", inventory::EcosystemName(ecosystem), " (", group.size(),
                  group.size() == 1 ? " package)\n" : " packages)\n");
  std::vector<std::vector<std::string>> rows;
  rows.push_back(
      {"NAME", "VERSION", inventory::IsOsEcosystem(ecosystem) ? "SOURCE" : "ORIGIN", "FOUND-IN"});
  for (const auto* p : group) {
    rows.push_back({Clean(p->name), Clean(p->version), SourceOrOrigin(*p), FoundIn(*p)});
  }
  AppendAlignedRows(rows, kColumnCaps, "", out);
}

void AppendTotals(const std::map<inventory::Ecosystem, Group>& groups, const ScanResult& result,
                  std::string* out) {
  const inventory::Inventory& inventory = result.inventory;
  std::vector<std::string> parts;
  for (const auto& [ecosystem, group] : groups) {
    parts.push_back(absl::StrCat(inventory::EcosystemName(ecosystem), " ", group.size()));
  }
  absl::StrAppend(out, "\nTotal: ", inventory.packages.size(),
                  inventory.packages.size() == 1 ? " package" : " packages");
  if (!parts.empty()) absl::StrAppend(out, " (", absl::StrJoin(parts, ", "), ")");
  absl::StrAppend(out, ", ", inventory.executables.size(),
                  inventory.executables.size() == 1 ? " executable" : " executables");
  if (result.database.has_value()) {
    size_t count = result.vulnerabilities.size();
    absl::StrAppend(out, ", ", count, count == 1 ? " vulnerability" : " vulnerabilities");
  }
  if (!result.findings.empty()) {
    size_t count = result.findings.size();
    absl::StrAppend(out, ", ", count, count == 1 ? " other finding" : " other findings");
  }
  absl::StrAppend(out, "\n");
}

void AppendWarnings(const std::vector<std::string>& warnings, std::string* out) {
  if (warnings.empty()) return;
  absl::StrAppend(out, "\nWarnings (", warnings.size(), "):\n");
  for (const auto& warning : warnings) absl::StrAppend(out, "  ", Clean(warning), "\n");
}

}  // namespace

std::string RenderTable(const ScanResult& result, const RenderOptions& options) {
  std::string out;
  AppendHeader(result, &out);
  auto groups = GroupPackages(result.inventory);
  if (groups.empty()) absl::StrAppend(&out, "\nNo packages found.\n");
  for (const auto& [ecosystem, group] : groups) AppendGroup(ecosystem, group, &out);
  AppendVulnerabilities(result, &out);
  AppendFindings(result, &out);
  AppendTotals(groups, result, &out);
  AppendWarnings(result.inventory.warnings, &out);
  if (options.summary) absl::StrAppend(&out, RenderSummary(result, {options.color}));
  return out;
}

}  // namespace moat::report
