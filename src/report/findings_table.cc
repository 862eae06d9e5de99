#include "report/findings_table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "report/table_format.h"
#include "report/vuln_table.h"

namespace moat::report {
namespace {

constexpr size_t kColumnCaps[] = {10, 28, 40, 18};
constexpr size_t kMaxDetail = 100;

// Per category: the scanner that reports it and its heading in the table.
constexpr struct {
  detect::Category category;
  absl::string_view scanner;
  absl::string_view heading;
} kCategoryInfo[] = {
    {detect::Category::kSecret, "secret", "Secrets"},
    {detect::Category::kSensitiveFile, "sensitive", "Sensitive files"},
    {detect::Category::kMalware, "malware", "Malware"},
    {detect::Category::kWebshell, "malware", "Webshells"},
    {detect::Category::kConfig, "config", "Configuration"},
    {detect::Category::kHistory, "history", "Build history"},
};

absl::string_view ScannerOf(detect::Category category) {
  for (const auto& info : kCategoryInfo) {
    if (info.category == category) return info.scanner;
  }
  return "";
}

std::string Location(const detect::Finding& f) {
  const detect::Evidence& e = f.evidence;
  if (!e.path.empty()) return e.line > 0 ? absl::StrCat(e.path, ":", e.line) : e.path;
  if (f.category == detect::Category::kHistory) return "image history";
  return "image config";
}

std::string Layer(const detect::Evidence& e) {
  if (e.layer < 0) return "-";
  if (e.deleted_in_layer < 0) return absl::StrCat(e.layer);
  return absl::StrCat(e.layer, ", deleted in ", e.deleted_in_layer);
}

std::string Detail(const detect::Finding& f) {
  std::string text = f.title;
  if (!f.evidence.excerpt.empty()) absl::StrAppend(&text, ": ", f.evidence.excerpt);
  return CleanCell(ShortCell(text, kMaxDetail));
}

void AppendCategory(detect::Category category, const std::vector<const detect::Finding*>& found,
                    std::string* out) {
  std::vector<std::string> severities;
  for (const auto* f : found) severities.push_back(f->severity);
  absl::StrAppend(out, "\n", CategoryHeading(category), ": ", found.size(), " (",
                  SeverityCounts(severities), ")\n");
  std::vector<std::vector<std::string>> rows = {{"SEVERITY", "RULE", "WHERE", "LAYER", "WHAT"}};
  for (const auto* f : found) {
    rows.push_back({CleanCell(f->severity), CleanCell(f->rule_id), CleanCell(Location(*f)),
                    Layer(f->evidence), Detail(*f)});
  }
  AppendAlignedRows(rows, kColumnCaps, "  ", out);
  std::vector<std::string> seen;  // one fix line per rule, in order of the rows
  for (const auto* f : found) {
    if (f->fix.empty() || std::count(seen.begin(), seen.end(), f->rule_id) > 0) continue;
    seen.push_back(f->rule_id);
    absl::StrAppend(out, "  fix (", CleanCell(f->rule_id), "): ", CleanCell(f->fix), "\n");
  }
}

}  // namespace

const std::vector<detect::Category>& ReportCategories() {
  static const auto* const kOrder = new std::vector<detect::Category>{
      detect::Category::kMalware,       detect::Category::kWebshell, detect::Category::kSecret,
      detect::Category::kSensitiveFile, detect::Category::kConfig,   detect::Category::kHistory};
  return *kOrder;
}

std::string CategoryHeading(detect::Category category) {
  for (const auto& info : kCategoryInfo) {
    if (info.category == category) return std::string(info.heading);
  }
  return "Other";
}

bool CategoryChecked(const ScanResult& result, detect::Category category) {
  return std::count(result.scanners.begin(), result.scanners.end(), ScannerOf(category)) > 0;
}

void AppendFindings(const ScanResult& result, std::string* out) {
  std::vector<std::string> clean;  // checked, nothing found
  for (detect::Category category : ReportCategories()) {
    std::vector<const detect::Finding*> found;
    for (const auto& f : result.findings) {
      if (f.category == category) found.push_back(&f);
    }
    if (!found.empty()) {
      AppendCategory(category, found, out);
    } else if (CategoryChecked(result, category)) {
      clean.push_back(CategoryHeading(category));
    }
  }
  if (!clean.empty()) absl::StrAppend(out, "\nNone found: ", absl::StrJoin(clean, ", "), "\n");
}

}  // namespace moat::report
