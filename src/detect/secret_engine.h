// The compiled secret rule set: one Hyperscan database holding every rule's keywords (and
// prefilter regexes) finds the candidate rules and lines in one pass; PCRE2 then confirms each
// candidate, extracts the secret group and applies entropy, allow rules and exclude blocks.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "detect/secret_regex.h"
#include "detect/secret_rule.h"

namespace moat::detect {

struct SecretHit {
  size_t rule = 0;  // index into SecretEngine::rules()
  TextSpan match;   // the rule's whole match
  TextSpan secret;  // the part to mask and report
};

class SecretEngine {
 public:
  // Compiles the rules (already merged: built-ins and user rules). Errors name the rule:
  // `rule "x": regex: offset 3: missing closing parenthesis`.
  static absl::StatusOr<std::unique_ptr<SecretEngine>> Compile(
      std::vector<SecretRule> rules, std::vector<AllowRule> allow_rules,
      const std::vector<std::string>& exclude_blocks);
  ~SecretEngine();

  // The secrets in `text`, the content of the file at `path` (image path without the leading
  // '/'), after allow rules and exclude blocks; sorted by position, duplicates removed.
  // Thread-safe: each call borrows a Hyperscan scratch from a pool.
  std::vector<SecretHit> Scan(absl::string_view path, absl::string_view text) const;

  const std::vector<SecretRule>& rules() const { return rules_; }

  struct CompiledAllow;
  struct CompiledRule;

 private:
  SecretEngine() = default;
  absl::Status BuildDatabase();
  void* AcquireScratch() const;
  void ReleaseScratch(void* scratch) const;
  void Confirm(size_t rule, absl::string_view path, absl::string_view text, size_t start,
               size_t limit, std::vector<SecretHit>* out) const;

  std::vector<SecretRule> rules_;
  std::vector<std::unique_ptr<CompiledRule>> compiled_;
  std::vector<std::unique_ptr<CompiledAllow>> global_allow_;
  std::vector<std::unique_ptr<SecretRegex>> global_exclude_;
  std::vector<std::vector<size_t>> pattern_rules_;  // Hyperscan pattern id -> rules
  std::vector<size_t> always_rules_;                // rules with no prefilter: run on every file
  void* database_ = nullptr;                        // hs_database_t
  void* prototype_scratch_ = nullptr;               // hs_scratch_t, cloned for the pool
  mutable std::mutex pool_mutex_;
  mutable std::vector<void*> scratch_pool_;
};

// Shannon entropy of `s` in bits per byte.
double ShannonEntropy(absl::string_view s);

}  // namespace moat::detect
