// Findings other than vulnerabilities: secrets, sensitive files, malicious samples and webshells,
// image configuration risks, Dockerfile and build-history risks. One model for every detector,
// every writer and (later) the center. See docs/design/findings.md.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::detect {

enum class Category {
  kSecret,         // a credential in a file's content (rule engine)
  kSensitiveFile,  // a file that should not ship: private key, cloud credentials, kubeconfig, ...
  kMalware,        // a malicious sample (YARA rule or SHA-256 indicator)
  kWebshell,       // a web shell (YARA rule of the webshell kind)
  kConfig,         // image configuration or Dockerfile risk
  kHistory,        // risky build command in the image history
};

// Every category, in the order reports count and sort them.
inline constexpr std::array<Category, 6> kCategories = {
    Category::kSecret,   Category::kSensitiveFile, Category::kMalware,
    Category::kWebshell, Category::kConfig,        Category::kHistory};

// "secret", "sensitive-file", "malware", "webshell", "config", "history".
absl::string_view CategoryName(Category category);
bool ParseCategory(absl::string_view name, Category* out);

// Where a finding was seen.
struct Evidence {
  // The layer that added the file, or whose history entry the finding is about; -1 for the image
  // config and for a Dockerfile given with --dockerfile.
  int layer = -1;
  std::string layer_diff_id;  // filled by FinishFindings
  // The later layer that deleted or replaced the file; -1 while the final image still has it.
  // Filled by FinishFindings from the file system view.
  int deleted_in_layer = -1;
  std::string path;  // image path of the file (or the Dockerfile path); "" for config findings
  int line = 0;      // 1-based line in the file; 0 when not line-based
  // The evidence text: the secret's line with the secret masked, the offending ENV/instruction/
  // command, the YARA strings matched. Never an unmasked secret.
  std::string excerpt;
  std::string sha256;  // lowercase hex of the file (malware findings)
};

struct Finding {
  Category category = Category::kConfig;
  // The rule that fired, stable across Moat versions: "aws-access-key-id", "MOAT-DS-002",
  // "MOAT-HIST-001", "signature-base:WEBSHELL_PHP_Generic", "sha256-list:<name>".
  std::string rule_id;
  // Stable fingerprint of this finding across runs of the same image (FindingFingerprint);
  // filled by FinishFindings.
  std::string id;
  std::string severity;  // critical, high, medium, low, unknown (the vulnerability words)
  std::string title;     // one line: what was found
  std::string description;
  std::string fix;     // the suggestion in plain words
  std::string source;  // where the rule comes from: "moat", "gitleaks:<file>", "yara:<file>", ...
  std::string author;  // the rule's author when it names one (YARA meta, as the licence asks)
  std::vector<std::string> references;
  Evidence evidence;
};

// A finding of one of Moat's own rules (source "moat") with the fields every rule sets.
Finding MoatFinding(Category category, absl::string_view rule_id, absl::string_view severity,
                    std::string title, absl::string_view fix);

// Hex SHA-256 (first 32 hex digits) of category, rule id, path, line and excerpt: equal for the
// same finding in two scans of the same image, different for different findings.
std::string FindingFingerprint(const Finding& finding);

// Severity rank on the common scale (common/severity.h), except that findings have no
// "negligible": it ranks with unknown and any other word (critical 0, ..., low 3, else 4).
int FindingSeverityRank(absl::string_view severity);

// A finding's severity from a rule's word: "critical", "high", "medium", "low" in any case, with
// white space around it; anything else (negligible included) is "unknown".
std::string NormalizeSeverity(absl::string_view severity);

}  // namespace moat::detect
