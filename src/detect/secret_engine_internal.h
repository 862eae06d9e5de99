// SecretEngine's compiled rules, shared by its compile and scan halves (not a public API).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "detect/secret_engine.h"

namespace moat::detect {

// What an allow rule sees of one secret.
struct MatchView {
  absl::string_view path, match, secret, line;
};

struct SecretEngine::CompiledAllow {
  std::unique_ptr<SecretRegex> regex;
  std::unique_ptr<SecretRegex> path;
  AllowRule::Target target = AllowRule::Target::kMatch;
  std::vector<std::string> stopwords;  // lowercase
  bool require_all = false;

  // A path condition alone is enough (any-of rules): decided once per file.
  bool AllowsFile(absl::string_view file) const {
    return !require_all && path != nullptr && path->Matches(file);
  }
  bool AllowsMatch(const MatchView& m) const {
    absl::string_view target_text = target == AllowRule::Target::kSecret ? m.secret
                                    : target == AllowRule::Target::kLine ? m.line
                                                                         : m.match;
    const bool has_regex = regex != nullptr, has_stop = !stopwords.empty();
    const bool regex_ok = has_regex && regex->Matches(target_text);
    bool stop_ok = false;
    if (has_stop) {
      std::string lower = absl::AsciiStrToLower(m.secret);
      for (const auto& w : stopwords) stop_ok = stop_ok || absl::StrContains(lower, w);
    }
    if (!require_all) return regex_ok || stop_ok;
    if (!has_regex && !has_stop && path == nullptr) return false;
    return (!has_regex || regex_ok) && (!has_stop || stop_ok) &&
           (path == nullptr || path->Matches(m.path));
  }
};

struct SecretEngine::CompiledRule {
  std::unique_ptr<SecretRegex> regex;
  std::unique_ptr<SecretRegex> path;
  std::vector<int> secret_groups;
  std::vector<std::unique_ptr<CompiledAllow>> allow;
  std::vector<std::unique_ptr<SecretRegex>> exclude;
  bool whole_file = false;
};

}  // namespace moat::detect
