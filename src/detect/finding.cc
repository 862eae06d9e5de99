#include "detect/finding.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/severity.h"
#include "common/sha256.h"

namespace moat::detect {
namespace {

// Indexed by Category.
constexpr std::array<absl::string_view, 6> kCategoryNames = {
    "secret", "sensitive-file", "malware", "webshell", "config", "history"};
static_assert(kCategoryNames.size() == kCategories.size());

constexpr bool CategoriesInEnumOrder() {
  for (size_t i = 0; i < kCategories.size(); ++i) {
    if (static_cast<size_t>(kCategories[i]) != i) return false;
  }
  return true;
}
static_assert(CategoriesInEnumOrder(), "kCategories lists Category in declaration order");

}  // namespace

absl::string_view CategoryName(Category category) {
  const auto index = static_cast<size_t>(category);
  return index < kCategoryNames.size() ? kCategoryNames[index] : "unknown";
}

bool ParseCategory(absl::string_view name, Category* out) {
  for (Category category : kCategories) {
    if (CategoryName(category) == name) {
      *out = category;
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
  return std::min(SeverityRank(severity), kNegligibleRank);
}

std::string NormalizeSeverity(absl::string_view severity) {
  const int rank = FindingSeverityRank(CanonicalSeverity(severity));
  return std::string(rank < kNegligibleRank ? SeverityName(rank) : "unknown");
}

}  // namespace moat::detect
