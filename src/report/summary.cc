#include "report/summary.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/severity.h"
#include "report/findings_table.h"
#include "report/table_format.h"
#include "report/vuln_table.h"
#include "report/writer_util.h"

namespace moat::report {
namespace {

constexpr size_t kColumnCaps[] = {16, 8, 8, 8, 8, 8, 10};

// ANSI colour of a severity column: red, bright red, yellow, blue, default.
const char* ColorOf(size_t severity_rank) {
  switch (severity_rank) {
    case 0:
      return "\x1b[1;31m";
    case 1:
      return "\x1b[31m";
    case 2:
      return "\x1b[33m";
    case 3:
      return "\x1b[34m";
    default:
      return "";
  }
}

std::vector<std::string> CountRow(const std::string& name, const std::vector<std::string>& sev) {
  std::vector<int> counts(kSeverityNames.size(), 0);
  for (const std::string& s : sev) ++counts[SeverityRank(s)];
  std::vector<std::string> row = {name, absl::StrCat(sev.size())};
  for (int c : counts) row.push_back(absl::StrCat(c));
  return row;
}

// Wraps non-zero severity counts in their colour after alignment (escape codes have no width).
void Colorize(std::string* table, size_t header_lines) {
  std::string out;
  size_t line_no = 0;
  for (absl::string_view line : absl::StrSplit(*table, '\n')) {
    if (line_no++ < header_lines || line.empty()) {
      absl::StrAppend(&out, line, "\n");
      continue;
    }
    std::vector<std::string> cells = absl::StrSplit(line, ' ');
    size_t column = 0;
    std::string colored;
    for (size_t i = 0; i < cells.size(); ++i) {
      const std::string& cell = cells[i];
      if (!cell.empty()) ++column;
      const size_t severity = column >= 3 ? column - 3 : 99;  // columns: name, total, critical..
      if (!cell.empty() && cell != "0" && *ColorOf(severity) != '\0') {
        absl::StrAppend(&colored, ColorOf(severity), cell, "\x1b[0m");
      } else {
        absl::StrAppend(&colored, cell);
      }
      if (i + 1 < cells.size()) colored += ' ';
    }
    absl::StrAppend(&out, colored, "\n");
  }
  *table = std::move(out);
}

std::vector<FixSuggestion> FindingFixes(const std::vector<detect::Finding>& findings) {
  std::vector<FixSuggestion> out;
  for (const auto& f : findings) {
    if (f.fix.empty()) continue;
    std::string fix = absl::StrCat(f.fix, " (", f.rule_id, ")");
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& s) { return s.fix == fix; });
    if (it == out.end()) {
      out.push_back(FixSuggestion{fix, SeverityRank(f.severity), 0, ""});
      it = out.end() - 1;
    }
    it->worst_rank = std::min(it->worst_rank, SeverityRank(f.severity));
    ++it->count;
  }
  for (auto& s : out) s.counts = absl::StrCat(s.count, s.count == 1 ? " finding" : " findings");
  return out;
}

}  // namespace

std::string RenderSummary(const ScanResult& result, const SummaryOptions& options) {
  std::string out = absl::StrCat("\nSummary: ", CleanCell(ImageDisplayName(result.image)), "\n");
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"CATEGORY", "TOTAL"};
  for (absl::string_view s : kSeverityNames) header.push_back(absl::AsciiStrToUpper(s));
  rows.push_back(header);
  std::vector<std::string> unchecked;
  if (result.database.has_value()) {
    std::vector<std::string> severities;
    for (const auto& v : result.vulnerabilities) severities.push_back(v.severity);
    rows.push_back(CountRow("vulnerability", severities));
  } else {
    unchecked.push_back("vulnerability");
  }
  for (detect::Category category : ReportCategories()) {
    std::vector<std::string> severities;
    for (const auto& f : result.findings) {
      if (f.category == category) severities.push_back(f.severity);
    }
    if (severities.empty() && !CategoryChecked(result, category)) {
      unchecked.push_back(std::string(detect::CategoryName(category)));
      continue;
    }
    rows.push_back(CountRow(std::string(detect::CategoryName(category)), severities));
  }
  std::string table;
  AppendAlignedRows(rows, kColumnCaps, "  ", &table);
  if (options.color) Colorize(&table, 1);
  absl::StrAppend(&out, table);
  if (!unchecked.empty())
    absl::StrAppend(&out, "  not checked: ", absl::StrJoin(unchecked, ", "), "\n");

  std::vector<FixSuggestion> fixes = VulnerabilityFixes(result.vulnerabilities);
  for (auto& s : FindingFixes(result.findings)) fixes.push_back(std::move(s));
  std::stable_sort(fixes.begin(), fixes.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.worst_rank, -a.count) < std::make_tuple(b.worst_rank, -b.count);
  });
  if (fixes.empty()) return out;
  absl::StrAppend(&out, "Top fixes:\n");
  for (size_t i = 0; i < fixes.size() && i < options.top_fixes; ++i) {
    absl::StrAppend(&out, "  ", i + 1, ". [", SeverityName(fixes[i].worst_rank), "] ",
                    CleanCell(fixes[i].fix), " — ", fixes[i].counts, "\n");
  }
  if (fixes.size() > options.top_fixes) {
    absl::StrAppend(&out, "  (", fixes.size() - options.top_fixes, " more in the report)\n");
  }
  return out;
}

}  // namespace moat::report
