#include "report/sarif_rule.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/severity.h"
#include "report/scan_result.h"

namespace moat::report {
namespace {

// GitHub shows at most 10 tags per rule (and rejects more than 20).
constexpr size_t kMaxTags = 10;
// Packages listed in one vulnerability rule's help, and references in any rule's help.
constexpr size_t kMaxHelpPackages = 20;
constexpr size_t kMaxHelpReferences = 5;

// GitHub's security-severity score of each severity rank; unknown has none.
constexpr std::array<absl::string_view, kSeverityNames.size()> kSecurityScores = {
    "9.5", "8.0", "5.5", "2.0", "1.0", ""};

// Backslash-escapes the characters GitHub Markdown would read as markup, so text from images
// and feeds cannot add links, images or HTML to an alert.
std::string EscapeMarkdown(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (absl::string_view("\\`*_[]<>#|~").find(c) != absl::string_view::npos) {
      out.push_back('\\');
    }
    out.push_back(c == '\n' || c == '\r' ? ' ' : c);
  }
  return out;
}

void AddTag(OrderedJson& tags, const std::string& tag) {
  if (tag.empty() || tags.size() >= kMaxTags) return;
  if (std::find(tags.begin(), tags.end(), tag) != tags.end()) return;
  tags.push_back(tag);
}

OrderedJson RuleProperties(const std::string& security_severity, OrderedJson tags) {
  OrderedJson properties = OrderedJson::object();
  if (!security_severity.empty()) properties["security-severity"] = security_severity;
  properties["tags"] = std::move(tags);
  return properties;
}

// The first usable reference, else the OSV page of ids made of plain characters.
std::string VulnerabilityHelpUri(const vulndb::Vulnerability& v) {
  for (const auto& ref : v.references) {
    if (IsSarifUrl(ref)) return ref;
  }
  bool plain = !v.id.empty() && std::all_of(v.id.begin(), v.id.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
  return plain ? absl::StrCat("https://osv.dev/vulnerability/", v.id) : "";
}

std::vector<std::string> HelpReferences(const std::vector<std::string>& references) {
  std::vector<std::string> out;
  for (const auto& ref : references) {
    if (out.size() < kMaxHelpReferences && IsSarifUrl(ref)) out.push_back(ref);
  }
  return out;
}

std::string PackageLine(const vulndb::Vulnerability& v) {
  std::string where = v.found_in;
  if (!v.found_in_archive.empty()) absl::StrAppend(&where, " in ", v.found_in_archive);
  return absl::StrCat(v.package, " ", v.installed_version, " (", where, "): ", SarifFixText(v));
}

std::string VulnerabilityHeadline(const vulndb::Vulnerability& v) {
  std::string rating = v.severity.empty() ? "unknown" : v.severity;
  if (!v.cvss_vector.empty())
    absl::StrAppend(&rating, absl::StrFormat(", CVSS %.1f", v.cvss_score));
  return absl::StrCat(v.id, " (", rating, ")", v.title.empty() ? "" : ": ", v.title);
}

OrderedJson VulnerabilityHelp(const std::vector<const vulndb::Vulnerability*>& group) {
  const vulndb::Vulnerability& first = *group.front();
  std::string text = VulnerabilityHeadline(first);
  std::string markdown = absl::StrCat("**", EscapeMarkdown(VulnerabilityHeadline(first)), "**");
  if (!first.aliases.empty()) {
    std::string aliases = absl::StrJoin(first.aliases, ", ");
    absl::StrAppend(&text, "\nAlso known as: ", aliases);
    absl::StrAppend(&markdown, "\n\nAlso known as: ", EscapeMarkdown(aliases));
  }
  absl::StrAppend(&text, "\n\nFound in:");
  absl::StrAppend(&markdown, "\n\nFound in:\n");
  for (size_t i = 0; i < group.size() && i < kMaxHelpPackages; ++i) {
    absl::StrAppend(&text, "\n- ", PackageLine(*group[i]));
    absl::StrAppend(&markdown, "\n- ", EscapeMarkdown(PackageLine(*group[i])));
  }
  if (group.size() > kMaxHelpPackages) {
    std::string more = absl::StrCat("and ", group.size() - kMaxHelpPackages, " more");
    absl::StrAppend(&text, "\n- ", more);
    absl::StrAppend(&markdown, "\n- ", more);
  }
  std::vector<std::string> refs = HelpReferences(first.references);
  if (!refs.empty()) {
    absl::StrAppend(&text, "\n\nReferences:");
    absl::StrAppend(&markdown, "\n\nReferences:\n");
    for (const auto& ref : refs) {
      absl::StrAppend(&text, "\n- ", ref);
      absl::StrAppend(&markdown, "\n- <", ref, ">");
    }
  }
  return {{"text", text}, {"markdown", markdown}};
}

OrderedJson FindingHelp(const detect::Finding& f) {
  std::string text = f.title.empty() ? f.rule_id : f.title;
  std::string markdown = absl::StrCat("**", EscapeMarkdown(text), "**");
  if (!f.description.empty()) {
    absl::StrAppend(&text, "\n\n", f.description);
    absl::StrAppend(&markdown, "\n\n", EscapeMarkdown(f.description));
  }
  if (!f.fix.empty()) {
    absl::StrAppend(&text, "\n\nFix: ", f.fix);
    absl::StrAppend(&markdown, "\n\n**Fix:** ", EscapeMarkdown(f.fix));
  }
  std::string origin = f.source.empty() ? "" : absl::StrCat("Rule source: ", f.source);
  if (!f.author.empty()) absl::StrAppend(&origin, origin.empty() ? "" : ", ", "author: ", f.author);
  if (!origin.empty()) {
    absl::StrAppend(&text, "\n\n", origin);
    absl::StrAppend(&markdown, "\n\n", EscapeMarkdown(origin));
  }
  for (const auto& ref : HelpReferences(f.references)) {
    absl::StrAppend(&text, "\n", ref);
    absl::StrAppend(&markdown, "\n\n<", ref, ">");
  }
  return {{"text", text}, {"markdown", markdown}};
}

}  // namespace

std::string SarifLevel(absl::string_view severity) {
  const int rank = SeverityRank(severity);
  if (rank <= SeverityRank("high")) return "error";
  if (rank == SeverityRank("medium")) return "warning";
  return "note";
}

std::string SecuritySeverity(absl::string_view severity) {
  return std::string(kSecurityScores[SeverityRank(severity)]);
}

std::string SecuritySeverity(const vulndb::Vulnerability& v) {
  if (absl::StartsWith(v.severity_source, "cvss") && v.cvss_score > 0 && v.cvss_score <= 10) {
    return absl::StrFormat("%.1f", v.cvss_score);
  }
  return SecuritySeverity(v.severity);
}

std::string SarifFixText(const vulndb::Vulnerability& v) {
  std::string state;
  if (!v.fixed_versions.empty()) {
    state = absl::StrCat("fixed in ", absl::StrJoin(v.fixed_versions, ", "));
  } else if (v.state == vulndb::FixState::kFixed || v.state == vulndb::FixState::kUnfixed) {
    state = "no fix yet";
  } else {
    state = std::string(vulndb::FixStateName(v.state));
  }
  return v.fix.empty() ? state : absl::StrCat(state, ": ", v.fix);
}

bool IsSarifUrl(absl::string_view url) {
  if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) return false;
  for (char c : url) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' ||
        c == '`' || c == '{' || c == '|' || c == '}') {
      return false;
    }
  }
  return true;
}

OrderedJson VulnerabilityRule(const std::vector<const vulndb::Vulnerability*>& group) {
  const vulndb::Vulnerability& first = *group.front();
  OrderedJson tags = OrderedJson::array();
  AddTag(tags, "security");
  AddTag(tags, "vulnerability");
  for (const auto* v : group) AddTag(tags, v->ecosystem);
  std::string summary =
      first.title.empty() ? absl::StrCat(first.id, " in ", first.package) : first.title;
  OrderedJson rule = {{"id", first.id},
                      {"shortDescription", {{"text", summary}}},
                      {"fullDescription", {{"text", VulnerabilityHeadline(first)}}}};
  std::string help_uri = VulnerabilityHelpUri(first);
  if (!help_uri.empty()) rule["helpUri"] = help_uri;
  rule["help"] = VulnerabilityHelp(group);
  rule["defaultConfiguration"] = {{"level", SarifLevel(first.severity)}};
  rule["properties"] = RuleProperties(SecuritySeverity(first), std::move(tags));
  return rule;
}

OrderedJson FindingRule(const std::vector<const detect::Finding*>& group) {
  const detect::Finding& first = *group.front();
  OrderedJson tags = OrderedJson::array();
  AddTag(tags, "security");
  AddTag(tags, std::string(detect::CategoryName(first.category)));
  std::string summary = first.title.empty() ? first.rule_id : first.title;
  OrderedJson rule = {
      {"id", first.rule_id},
      {"shortDescription", {{"text", summary}}},
      {"fullDescription", {{"text", first.description.empty() ? summary : first.description}}}};
  for (const auto& ref : first.references) {
    if (!IsSarifUrl(ref)) continue;
    rule["helpUri"] = ref;
    break;
  }
  rule["help"] = FindingHelp(first);
  rule["defaultConfiguration"] = {{"level", SarifLevel(first.severity)}};
  rule["properties"] = RuleProperties(SecuritySeverity(first.severity), std::move(tags));
  return rule;
}

}  // namespace moat::report
