// Secret rules and their configuration: Moat's built-in rules, user rules from a YAML config
// (trivy-secret-config-like) or a gitleaks TOML file, allow rules and exclude blocks.
// See docs/design/secrets.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace moat::detect {

// When an allow rule lets a match go: any of its conditions (or all, with require_all).
struct AllowRule {
  enum class Target { kMatch, kSecret, kLine };  // what `regex` is matched against
  std::string id;
  std::string description;
  std::string regex;  // PCRE2 (RE2/Go syntax works); "" = no regex condition
  std::string path;   // against the image path without its leading '/'; "" = none
  Target target = Target::kMatch;
  std::vector<std::string> stopwords;  // the secret contains one (gitleaks), case-insensitive
  bool require_all = false;            // gitleaks condition = "AND"
};

struct SecretRule {
  std::string id;        // stable: "aws-access-key-id"
  std::string category;  // the provider: "AWS", "GitHub", "general"
  std::string title;
  std::string description;
  std::string severity;  // critical, high, medium, low, unknown
  std::string regex;     // PCRE2; RE2/Go syntax ((?P<name>...), inline (?i)) compiles as is
  // The named group holding the secret ("" = the whole match, or see secret_group_index).
  std::string secret_group;
  // A numbered group (gitleaks secretGroup); 0 = the first non-empty group, else the match.
  int secret_group_index = -1;  // -1: not a gitleaks rule (whole match when no named group)
  // The rule runs only where one occurs (case-insensitive). A keyword "re:<regex>" is a
  // Hyperscan prefilter regex (case-sensitive) instead of a literal.
  std::vector<std::string> keywords;
  double min_entropy = 0;  // Shannon bits per byte of the secret; 0 = no check
  std::string path;        // the rule applies only to paths matching this regex (no leading '/')
  // Built-in rules that cannot span lines are confirmed on the lines of their keyword hits;
  // `multiline` rules and every user rule run over the whole file once a keyword is seen.
  bool multiline = false;
  std::vector<AllowRule> allow_rules;
  std::vector<std::string> exclude_blocks;  // regexes; a secret inside a match is dropped
  std::string source = "moat";              // "moat", "config:<file>", "gitleaks:<file>"
};

inline constexpr int64_t kDefaultSecretMaxFileSize = 10 << 20;

// What a scan uses: the built-in rules (all, or only `enable_builtin_rules` when non-empty),
// minus `disable_rules`, plus `rules`; built-in allow rules minus `disable_allow_rules`, plus
// `allow_rules`. A default SecretConfig is the built-in set.
struct SecretConfig {
  std::vector<SecretRule> rules;
  std::vector<AllowRule> allow_rules;
  std::vector<std::string> exclude_blocks;
  std::vector<std::string> enable_builtin_rules;
  std::vector<std::string> disable_rules;
  std::vector<std::string> disable_allow_rules;
  bool use_builtin_rules = true;
  int64_t max_file_size = kDefaultSecretMaxFileSize;
  std::string source = "moat";  // "config:<file>" once loaded from a file
};

}  // namespace moat::detect
