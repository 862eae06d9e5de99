#include "report/ignore_file.h"

#include <fnmatch.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "inventory/yaml_document.h"

namespace moat::report {
namespace {

constexpr absl::string_view kFields[] = {"id", "path", "package", "reason", "expires"};

bool ValidDate(absl::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int month = (d[5] - '0') * 10 + (d[6] - '0');
  const int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

absl::Status EntryError(const std::string& file, int line, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ": ", why));
}

absl::StatusOr<IgnoreEntry> ParseEntry(const YAML::Node& node, const std::string& file) {
  IgnoreEntry e;
  e.line = node.Mark().line + 1;
  if (!inventory::YamlIsMap(node)) return EntryError(file, e.line, "an entry must be a map");
  for (const auto& field : node) {
    std::string key = inventory::YamlText(field.first);
    if (std::find(std::begin(kFields), std::end(kFields), key) == std::end(kFields)) {
      return EntryError(
          file, e.line,
          absl::StrCat("unknown field \"", key, "\" (valid: id, path, package, reason, expires)"));
    }
  }
  e.id = inventory::YamlScalar(node, "id");
  e.path = inventory::YamlScalar(node, "path");
  e.package = inventory::YamlScalar(node, "package");
  e.reason = inventory::YamlScalar(node, "reason");
  e.expires = inventory::YamlScalar(node, "expires");
  if (e.id.empty() && e.path.empty() && e.package.empty()) {
    return EntryError(file, e.line, "an entry needs at least one of id, path, package");
  }
  if (e.reason.empty()) return EntryError(file, e.line, "an entry needs a reason");
  if (!e.expires.empty() && !ValidDate(e.expires)) {
    return EntryError(file, e.line,
                      absl::StrCat("expires \"", e.expires, "\" is not a date (YYYY-MM-DD)"));
  }
  return e;
}

bool GlobMatches(const std::string& glob, const std::string& path) {
  return !path.empty() && ::fnmatch(glob.c_str(), path.c_str(), 0) == 0;
}

bool Matches(const IgnoreEntry& e, const vulndb::Vulnerability& v) {
  if (!e.id.empty() && e.id != v.id &&
      std::find(v.aliases.begin(), v.aliases.end(), e.id) == v.aliases.end()) {
    return false;
  }
  if (!e.path.empty() && !GlobMatches(e.path, v.found_in)) return false;
  if (!e.package.empty() && e.package != v.package && !absl::StartsWith(v.purl, e.package)) {
    return false;
  }
  return true;
}

bool Matches(const IgnoreEntry& e, const detect::Finding& f) {
  if (!e.package.empty()) return false;  // findings belong to files, not packages
  if (!e.id.empty() && e.id != f.rule_id && e.id != f.id) return false;
  if (!e.path.empty() && !GlobMatches(e.path, f.evidence.path)) return false;
  return true;
}

template <typename T>
int RemoveMatching(const std::vector<const IgnoreEntry*>& live, std::vector<T>& items) {
  size_t before = items.size();
  items.erase(std::remove_if(items.begin(), items.end(),
                             [&](const T& item) {
                               return std::any_of(live.begin(), live.end(),
                                                  [&](const auto* e) { return Matches(*e, item); });
                             }),
              items.end());
  return static_cast<int>(before - items.size());
}

}  // namespace

absl::StatusOr<IgnoreRules> ParseIgnoreFile(absl::string_view text, const std::string& file) {
  auto docs = inventory::LoadYamlDocuments(text, file);
  if (!docs.ok()) return docs.status();
  IgnoreRules rules;
  rules.file = file;
  if (docs->empty() || (*docs)[0].IsNull()) return rules;
  const YAML::Node& root = (*docs)[0];
  YAML::Node ignore = inventory::YamlField(root, "ignore");
  if (!inventory::YamlIsMap(root) || !ignore.IsDefined() ||
      !(ignore.IsSequence() || ignore.IsNull())) {
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": expected a map with an \"ignore\" list of entries"));
  }
  for (const auto& node : ignore) {
    auto entry = ParseEntry(node, file);
    if (!entry.ok()) return entry.status();
    rules.entries.push_back(std::move(*entry));
  }
  return rules;
}

IgnoreOutcome ApplyIgnoreRules(const IgnoreRules& rules, absl::string_view today,
                               ScanResult& result) {
  IgnoreOutcome outcome;
  std::vector<const IgnoreEntry*> live;
  for (const IgnoreEntry& e : rules.entries) {
    if (!e.expires.empty() && e.expires < today) {
      outcome.warnings.push_back(absl::StrCat(rules.file, ":", e.line, ": expired on ", e.expires,
                                              " and no longer applies (", e.reason, ")"));
      continue;
    }
    live.push_back(&e);
  }
  outcome.ignored += RemoveMatching(live, result.vulnerabilities);
  outcome.ignored += RemoveMatching(live, result.findings);
  return outcome;
}

}  // namespace moat::report
