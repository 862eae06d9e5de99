// ParseGitleaksConfig: gitleaks v8 TOML rules and allowlists as Moat secret rules.
#include <toml++/toml.h>

#include <exception>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "detect/secret_config.h"
#include "detect/secret_regex.h"

namespace moat::detect {
namespace {

constexpr size_t kMaxRules = 10000;

std::string_view Key(absl::string_view k) { return std::string_view(k.data(), k.size()); }

absl::Status ErrorAt(absl::string_view name, const toml::node* node, absl::string_view why) {
  if (node == nullptr || !node->source().begin) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", why));
  }
  return absl::InvalidArgumentError(absl::StrCat(name, ":", node->source().begin.line, ": ", why));
}

absl::StatusOr<std::string> String(absl::string_view name, const toml::table& t,
                                   absl::string_view key) {
  const toml::node* n = t.get(Key(key));
  if (n == nullptr) return std::string();
  if (!n->is_string()) return ErrorAt(name, n, absl::StrCat(key, ": expected a string"));
  return std::string(n->as_string()->get());
}

absl::StatusOr<std::vector<std::string>> Strings(absl::string_view name, const toml::table& t,
                                                 absl::string_view key) {
  std::vector<std::string> out;
  const toml::node* n = t.get(Key(key));
  if (n == nullptr) return out;
  if (!n->is_array()) return ErrorAt(name, n, absl::StrCat(key, ": expected an array"));
  for (const toml::node& item : *n->as_array()) {
    if (!item.is_string()) return ErrorAt(name, &item, absl::StrCat(key, ": expected strings"));
    out.push_back(std::string(item.as_string()->get()));
  }
  return out;
}

// Several regexes as one alternation; each keeps its own inline flags.
std::string Alternation(const std::vector<std::string>& regexes) {
  if (regexes.empty()) return "";
  return absl::StrCat("(?:", absl::StrJoin(regexes, ")|(?:"), ")");
}

absl::Status CheckRegexes(absl::string_view name, const toml::table& t, absl::string_view key,
                          const std::vector<std::string>& regexes) {
  for (const auto& r : regexes) {
    auto re = SecretRegex::Compile(r);
    if (!re.ok()) {
      return ErrorAt(name, t.get(Key(key)), absl::StrCat(key, ": ", re.status().message()));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AllowRule> ParseAllowlist(absl::string_view name, const toml::table& t,
                                         absl::string_view id) {
  AllowRule a;
  a.id = std::string(id);
  MOAT_ASSIGN_OR_RETURN(a.description, String(name, t, "description"));
  MOAT_ASSIGN_OR_RETURN(auto regexes, Strings(name, t, "regexes"));
  MOAT_ASSIGN_OR_RETURN(auto paths, Strings(name, t, "paths"));
  MOAT_ASSIGN_OR_RETURN(a.stopwords, Strings(name, t, "stopwords"));
  MOAT_ASSIGN_OR_RETURN(std::string target, String(name, t, "regexTarget"));
  MOAT_ASSIGN_OR_RETURN(std::string condition, String(name, t, "condition"));
  MOAT_RETURN_IF_ERROR(CheckRegexes(name, t, "regexes", regexes));
  MOAT_RETURN_IF_ERROR(CheckRegexes(name, t, "paths", paths));
  a.regex = Alternation(regexes);
  a.path = Alternation(paths);
  if (target.empty() || target == "secret") {
    a.target = AllowRule::Target::kSecret;
  } else if (target == "match") {
    a.target = AllowRule::Target::kMatch;
  } else if (target == "line") {
    a.target = AllowRule::Target::kLine;
  } else {
    return ErrorAt(name, t.get("regexTarget"),
                   absl::StrCat("unknown regexTarget \"", target, "\""));
  }
  if (condition == "AND" || condition == "and") {
    a.require_all = true;
  } else if (!condition.empty() && condition != "OR" && condition != "or") {
    return ErrorAt(name, t.get("condition"), absl::StrCat("unknown condition \"", condition, "\""));
  }
  return a;
}

// [allowlist] (a table) and [[allowlists]] (an array of tables) under `t`.
absl::StatusOr<std::vector<AllowRule>> ParseAllowlists(absl::string_view name, const toml::table& t,
                                                       absl::string_view id) {
  std::vector<AllowRule> out;
  if (const toml::table* one = t.get_as<toml::table>("allowlist"); one != nullptr) {
    MOAT_ASSIGN_OR_RETURN(AllowRule a, ParseAllowlist(name, *one, id));
    out.push_back(std::move(a));
  }
  if (const toml::array* many = t.get_as<toml::array>("allowlists"); many != nullptr) {
    for (const toml::node& item : *many) {
      if (!item.is_table()) return ErrorAt(name, &item, "allowlists: expected tables");
      MOAT_ASSIGN_OR_RETURN(
          AllowRule a, ParseAllowlist(name, *item.as_table(), absl::StrCat(id, "#", out.size())));
      out.push_back(std::move(a));
    }
  }
  return out;
}

absl::StatusOr<SecretRule> ParseRule(absl::string_view name, const toml::table& t) {
  SecretRule r;
  MOAT_ASSIGN_OR_RETURN(r.id, String(name, t, "id"));
  if (r.id.empty()) return ErrorAt(name, &t, "rule without an id");
  const std::string what = absl::StrCat("rule \"", r.id, "\"");
  MOAT_ASSIGN_OR_RETURN(r.description, String(name, t, "description"));
  MOAT_ASSIGN_OR_RETURN(r.regex, String(name, t, "regex"));
  MOAT_ASSIGN_OR_RETURN(r.path, String(name, t, "path"));
  MOAT_ASSIGN_OR_RETURN(r.keywords, Strings(name, t, "keywords"));
  auto re = SecretRegex::Compile(r.regex);
  if (!re.ok()) {
    return ErrorAt(name, t.get("regex"), absl::StrCat(what, ": regex: ", re.status().message()));
  }
  if (!r.path.empty()) MOAT_RETURN_IF_ERROR(CheckRegexes(name, t, "path", {r.path}));
  r.secret_group_index = static_cast<int>(t["secretGroup"].value_or<int64_t>(0));
  if (r.secret_group_index < 0 || r.secret_group_index > (*re)->group_count()) {
    return ErrorAt(name, t.get("secretGroup"),
                   absl::StrCat(what, ": no group ", r.secret_group_index));
  }
  r.min_entropy = t["entropy"].value_or<double>(0.0);
  MOAT_ASSIGN_OR_RETURN(r.allow_rules, ParseAllowlists(name, t, r.id));
  r.category = "general";
  r.title = r.description.empty() ? r.id : r.description;
  r.severity = "high";
  r.source = absl::StrCat("gitleaks:", name);
  return r;
}

absl::Status ParseRules(absl::string_view name, const toml::table& root, SecretConfig* config) {
  const toml::array* rules = root.get_as<toml::array>("rules");
  if (rules == nullptr) return absl::OkStatus();
  if (rules->size() > kMaxRules) return ErrorAt(name, rules, "too many rules");
  for (const toml::node& item : *rules) {
    if (!item.is_table()) return ErrorAt(name, &item, "rules: expected tables");
    const toml::table& t = *item.as_table();
    // A rule with only a path reports files by name; Moat's sensitive-file detector does that.
    if (t.get("regex") == nullptr) continue;
    MOAT_ASSIGN_OR_RETURN(SecretRule r, ParseRule(name, t));
    config->rules.push_back(std::move(r));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SecretConfig> ParseGitleaksConfig(absl::string_view text, absl::string_view name) {
  if (text.size() > kMaxSecretConfigBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": larger than ", kMaxSecretConfigBytes, " bytes"));
  }
  SecretConfig config;
  config.source = absl::StrCat("gitleaks:", name);
  try {
    toml::table root = toml::parse(std::string_view(text.data(), text.size()));
    config.use_builtin_rules = root["extend"]["useDefault"].value_or(false);
    MOAT_RETURN_IF_ERROR(ParseRules(name, root, &config));
    MOAT_ASSIGN_OR_RETURN(config.allow_rules, ParseAllowlists(name, root, "gitleaks-global"));
  } catch (const toml::parse_error& e) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ":", e.source().begin.line, ": ", std::string(e.description())));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", e.what()));
  }
  return config;
}

}  // namespace moat::detect
