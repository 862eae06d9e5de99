#include "detect/secret_config.h"

#include <yaml-cpp/yaml.h>

#include <exception>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "detect/secret_regex.h"

namespace moat::detect {
namespace {

constexpr int kMaxFlowDepth = 64;
constexpr size_t kMaxIndent = 256;
constexpr size_t kMaxRules = 10000;

absl::Status ErrorAt(absl::string_view name, const YAML::Node& node, absl::string_view why) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return absl::InvalidArgumentError(absl::StrCat(name, ": ", why));
  return absl::InvalidArgumentError(absl::StrCat(name, ":", mark.line + 1, ": ", why));
}

// yaml-cpp recurses per nesting level: refuse deep flow collections and deep indentation.
absl::Status CheckNesting(absl::string_view text, absl::string_view name) {
  int depth = 0, line = 1;
  size_t indent = 0;
  bool at_line_start = true;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      indent = 0;
      at_line_start = true;
      continue;
    }
    if (at_line_start && (c == ' ' || c == '-')) {
      if (++indent > kMaxIndent) {
        return absl::InvalidArgumentError(absl::StrCat(name, ":", line, ": nested too deeply"));
      }
      continue;
    }
    at_line_start = false;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') depth = depth > 0 ? depth - 1 : 0;
    if (depth > kMaxFlowDepth) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", line, ": nested too deeply"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ScalarField(absl::string_view name, const YAML::Node& node,
                                        absl::string_view key) {
  if (!node.IsScalar()) return ErrorAt(name, node, absl::StrCat(key, ": expected a string"));
  return node.Scalar();
}

absl::StatusOr<std::vector<std::string>> ListField(absl::string_view name, const YAML::Node& node,
                                                   absl::string_view key) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (!node.IsSequence()) return ErrorAt(name, node, absl::StrCat(key, ": expected a list"));
  for (const YAML::Node& item : node) {
    MOAT_ASSIGN_OR_RETURN(std::string s, ScalarField(name, item, key));
    out.push_back(std::move(s));
  }
  return out;
}

// Compiles `pattern` to report a bad regex at its own line.
absl::Status CheckRegex(absl::string_view name, const YAML::Node& node, absl::string_view what,
                        const std::string& pattern) {
  auto re = SecretRegex::Compile(pattern);
  if (!re.ok()) return ErrorAt(name, node, absl::StrCat(what, ": ", re.status().message()));
  return absl::OkStatus();
}

using FieldHandler = std::function<absl::Status(const YAML::Node&)>;

// Runs the handler of each key of `map`; an unknown key is an error.
absl::Status ForEachField(absl::string_view name, const YAML::Node& map, absl::string_view what,
                          const std::map<std::string, FieldHandler>& handlers) {
  if (!map.IsMap()) return ErrorAt(name, map, absl::StrCat(what, ": expected a mapping"));
  for (auto it = map.begin(); it != map.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    auto handler = handlers.find(key);
    if (handler == handlers.end()) {
      return ErrorAt(name, it->first, absl::StrCat(what, ": unknown key \"", key, "\""));
    }
    MOAT_RETURN_IF_ERROR(handler->second(it->second));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> ParseExcludeBlock(absl::string_view name,
                                                           const YAML::Node& node,
                                                           absl::string_view what) {
  std::vector<std::string> regexes;
  YAML::Node regexes_node;
  MOAT_RETURN_IF_ERROR(
      ForEachField(name, node, absl::StrCat(what, "exclude-block"),
                   {{"description", [](const YAML::Node&) { return absl::OkStatus(); }},
                    {"regexes", [&](const YAML::Node& n) {
                       MOAT_ASSIGN_OR_RETURN(regexes, ListField(name, n, "regexes"));
                       regexes_node = n;
                       return absl::OkStatus();
                     }}}));
  for (const auto& r : regexes) {
    MOAT_RETURN_IF_ERROR(CheckRegex(name, regexes_node, absl::StrCat(what, "exclude-block"), r));
  }
  return regexes;
}

absl::StatusOr<AllowRule> ParseAllowRule(absl::string_view name, const YAML::Node& node,
                                         absl::string_view owner) {
  AllowRule a;
  const std::string what = absl::StrCat(owner, "allow rule");
  auto str = [&](std::string* out, absl::string_view key) {
    return [&, out, key](const YAML::Node& n) -> absl::Status {
      MOAT_ASSIGN_OR_RETURN(*out, ScalarField(name, n, key));
      if (key == "regex" || key == "path") {
        MOAT_RETURN_IF_ERROR(CheckRegex(name, n, absl::StrCat(what, " ", key), *out));
      }
      return absl::OkStatus();
    };
  };
  MOAT_RETURN_IF_ERROR(ForEachField(name, node, what,
                                    {{"id", str(&a.id, "id")},
                                     {"description", str(&a.description, "description")},
                                     {"regex", str(&a.regex, "regex")},
                                     {"path", str(&a.path, "path")}}));
  if (a.regex.empty() && a.path.empty()) {
    return ErrorAt(name, node, absl::StrCat(what, " \"", a.id, "\": needs a regex or a path"));
  }
  return a;
}

absl::StatusOr<std::vector<AllowRule>> ParseAllowRules(absl::string_view name,
                                                       const YAML::Node& node,
                                                       absl::string_view owner) {
  std::vector<AllowRule> out;
  if (!node.IsSequence()) return ErrorAt(name, node, "allow-rules: expected a list");
  for (const YAML::Node& item : node) {
    MOAT_ASSIGN_OR_RETURN(AllowRule a, ParseAllowRule(name, item, owner));
    out.push_back(std::move(a));
  }
  return out;
}

absl::Status ParseRuleFields(absl::string_view name, const YAML::Node& node, SecretRule* r) {
  auto str = [&](std::string* out, absl::string_view key) {
    return [&, out, key](const YAML::Node& n) -> absl::Status {
      MOAT_ASSIGN_OR_RETURN(*out, ScalarField(name, n, key));
      return absl::OkStatus();
    };
  };
  std::string entropy;
  return ForEachField(name, node, "rule",
                      {{"id", str(&r->id, "id")},
                       {"category", str(&r->category, "category")},
                       {"title", str(&r->title, "title")},
                       {"description", str(&r->description, "description")},
                       {"severity", str(&r->severity, "severity")},
                       {"regex", str(&r->regex, "regex")},
                       {"path", str(&r->path, "path")},
                       {"secret-group-name", str(&r->secret_group, "secret-group-name")},
                       {"keywords",
                        [&](const YAML::Node& n) -> absl::Status {
                          MOAT_ASSIGN_OR_RETURN(r->keywords, ListField(name, n, "keywords"));
                          return absl::OkStatus();
                        }},
                       {"entropy",
                        [&](const YAML::Node& n) -> absl::Status {
                          MOAT_ASSIGN_OR_RETURN(entropy, ScalarField(name, n, "entropy"));
                          char* end = nullptr;
                          r->min_entropy = std::strtod(entropy.c_str(), &end);
                          if (end == entropy.c_str() || *end != '\0' || !(r->min_entropy >= 0)) {
                            return ErrorAt(name, n, "entropy: expected a number");
                          }
                          return absl::OkStatus();
                        }},
                       {"allow-rules",
                        [&](const YAML::Node& n) -> absl::Status {
                          MOAT_ASSIGN_OR_RETURN(r->allow_rules, ParseAllowRules(name, n, "rule "));
                          return absl::OkStatus();
                        }},
                       {"exclude-block", [&](const YAML::Node& n) -> absl::Status {
                          MOAT_ASSIGN_OR_RETURN(r->exclude_blocks,
                                                ParseExcludeBlock(name, n, "rule "));
                          return absl::OkStatus();
                        }}});
}

absl::StatusOr<SecretRule> ParseRule(absl::string_view name, const YAML::Node& node) {
  SecretRule r;
  MOAT_RETURN_IF_ERROR(ParseRuleFields(name, node, &r));
  if (r.id.empty()) return ErrorAt(name, node, "rule without an id");
  const std::string what = absl::StrCat("rule \"", r.id, "\"");
  if (r.regex.empty()) return ErrorAt(name, node, absl::StrCat(what, ": missing regex"));
  auto re = SecretRegex::Compile(r.regex);
  if (!re.ok()) {
    return ErrorAt(name, node["regex"], absl::StrCat(what, ": regex: ", re.status().message()));
  }
  if (!r.secret_group.empty() && (*re)->GroupNumbers(r.secret_group).empty()) {
    return ErrorAt(name, node["secret-group-name"],
                   absl::StrCat(what, ": regex has no group named \"", r.secret_group, "\""));
  }
  if (!r.path.empty())
    MOAT_RETURN_IF_ERROR(CheckRegex(name, node["path"], what + ": path", r.path));
  r.severity = NormalizeSeverity(r.severity);
  if (r.category.empty()) r.category = "general";
  if (r.title.empty()) r.title = r.id;
  if (r.description.empty()) r.description = absl::StrCat(r.title, " (user rule ", r.id, ")");
  r.source = absl::StrCat("config:", name);
  return r;
}

absl::Status ParseTopLevel(absl::string_view name, const YAML::Node& root, SecretConfig* config) {
  auto list = [&](std::vector<std::string>* out, absl::string_view key) {
    return [&, out, key](const YAML::Node& n) -> absl::Status {
      MOAT_ASSIGN_OR_RETURN(*out, ListField(name, n, key));
      return absl::OkStatus();
    };
  };
  return ForEachField(
      name, root, "config",
      {{"rules",
        [&](const YAML::Node& n) -> absl::Status {
          if (n.IsNull()) return absl::OkStatus();
          if (!n.IsSequence()) return ErrorAt(name, n, "rules: expected a list");
          if (n.size() > kMaxRules) return ErrorAt(name, n, "rules: too many rules");
          std::set<std::string> ids;
          for (const YAML::Node& item : n) {
            MOAT_ASSIGN_OR_RETURN(SecretRule r, ParseRule(name, item));
            if (!ids.insert(r.id).second) {
              return ErrorAt(name, item, absl::StrCat("rule \"", r.id, "\": duplicate id"));
            }
            config->rules.push_back(std::move(r));
          }
          return absl::OkStatus();
        }},
       {"allow-rules",
        [&](const YAML::Node& n) -> absl::Status {
          MOAT_ASSIGN_OR_RETURN(config->allow_rules, ParseAllowRules(name, n, ""));
          return absl::OkStatus();
        }},
       {"exclude-block",
        [&](const YAML::Node& n) -> absl::Status {
          MOAT_ASSIGN_OR_RETURN(config->exclude_blocks, ParseExcludeBlock(name, n, ""));
          return absl::OkStatus();
        }},
       {"enable-builtin-rules", list(&config->enable_builtin_rules, "enable-builtin-rules")},
       {"disable-rules", list(&config->disable_rules, "disable-rules")},
       {"disable-allow-rules", list(&config->disable_allow_rules, "disable-allow-rules")}});
}

}  // namespace

absl::StatusOr<SecretConfig> ParseSecretConfigYaml(absl::string_view text, absl::string_view name) {
  if (text.size() > kMaxSecretConfigBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, ": larger than ", kMaxSecretConfigBytes, " bytes"));
  }
  MOAT_RETURN_IF_ERROR(CheckNesting(text, name));
  SecretConfig config;
  config.source = absl::StrCat("config:", name);
  try {
    YAML::Node root = YAML::Load(std::string(text));
    if (root.IsNull() || !root.IsDefined()) return config;  // an empty file: the defaults
    MOAT_RETURN_IF_ERROR(ParseTopLevel(name, root, &config));
  } catch (const YAML::Exception& e) {
    if (e.mark.is_null()) return absl::InvalidArgumentError(absl::StrCat(name, ": ", e.msg));
    return absl::InvalidArgumentError(absl::StrCat(name, ":", e.mark.line + 1, ": ", e.msg));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": ", e.what()));
  }
  return config;
}

absl::StatusOr<SecretConfig> ParseSecretConfig(absl::string_view text, absl::string_view name) {
  if (absl::EndsWithIgnoreCase(name, ".toml")) return ParseGitleaksConfig(text, name);
  return ParseSecretConfigYaml(text, name);
}

absl::StatusOr<SecretConfig> LoadSecretConfig(platform::FileSystem* fs, const std::string& path) {
  auto text = fs->ReadFile(path, kMaxSecretConfigBytes);
  if (!text.ok()) return Annotate(text.status(), absl::StrCat("reading secret config ", path));
  return ParseSecretConfig(*text, path);
}

}  // namespace moat::detect
