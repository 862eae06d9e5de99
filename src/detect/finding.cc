#include "detect/finding.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace moat::detect {
namespace {

constexpr struct {
  Category category;
  absl::string_view name;
} kCategories[] = {
    {Category::kSecret, "secret"},   {Category::kSensitiveFile, "sensitive-file"},
    {Category::kMalware, "malware"}, {Category::kWebshell, "webshell"},
    {Category::kConfig, "config"},   {Category::kHistory, "history"},
};

}  // namespace

absl::string_view CategoryName(Category category) {
  for (const auto& c : kCategories) {
    if (c.category == category) return c.name;
  }
  return "unknown";
}

bool ParseCategory(absl::string_view name, Category* out) {
  for (const auto& c : kCategories) {
    if (c.name == name) {
      *out = c.category;
      return true;
    }
  }
  return false;
}

Finding MoatFinding(Category category, absl::string_view rule_id, absl::string_view severity,
                    std::string title, absl::string_view fix) {
  Finding f;
  f.category = category;
  f.rule_id = std::string(rule_id);
  f.severity = std::string(severity);
  f.title = std::move(title);
  f.fix = std::string(fix);
  f.source = "moat";
  return f;
}

std::string FindingFingerprint(const Finding& finding) {
  // Fields joined with a separator that none of them can hold unescaped ('\0').
  std::string key =
      absl::StrCat(CategoryName(finding.category), std::string(1, '\0'), finding.rule_id,
                   std::string(1, '\0'), finding.evidence.path, std::string(1, '\0'),
                   finding.evidence.line, std::string(1, '\0'), finding.evidence.excerpt);
  return Sha256Hex(key).substr(0, 32);
}

int FindingSeverityRank(absl::string_view severity) {
  if (severity == "critical") return 0;
  if (severity == "high") return 1;
  if (severity == "medium") return 2;
  if (severity == "low") return 3;
  return 4;
}

}  // namespace moat::detect
