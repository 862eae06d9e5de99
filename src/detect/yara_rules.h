// Compiled YARA rules: compiled once, then shared read-only by every scanning thread, with the
// five external variables that signature-base (LOKI/THOR) rules expect set per scanned file.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::detect {

// One rule file to compile.
struct YaraRuleSource {
  std::string name;            // shown in errors and findings: the path as given or found
  std::string rule_namespace;  // the YARA namespace: unique within one rule set
  std::string text;
};

// The external variables' values for one scanned file (the LOKI/THOR conventions). Rules are
// compiled with every one defined as "".
struct YaraExternals {
  std::string filename;   // "shell.php"
  std::string filepath;   // the directory, no trailing slash: "/var/www/html" ("/" at the top)
  std::string extension;  // lowercase with its dot: ".php"; "" when the name has none
  std::string filetype;   // from the magic bytes: "EXE", "ELF", "PHP", ...; "UNKNOWN"
  std::string owner;      // "root" for uid 0, else the numeric uid
};

struct YaraMeta {
  std::string key;
  std::string value;  // integers as decimal, booleans as "true"/"false"
};

struct YaraMatch {
  std::string rule;
  std::string rule_namespace;
  std::string source;  // YaraRuleSource::name of the rule's file
  std::vector<std::string> tags;
  std::vector<YaraMeta> meta;  // in the rule's order; keys may repeat
  // Identifiers of the (non-private) strings that matched, at most kMaxMatchStrings.
  std::vector<std::string> strings;
};

inline constexpr size_t kMaxMatchStrings = 16;

class YaraRules {
 public:
  // Compiles every source into one rule set. `include` directives are refused (load the
  // directory instead). Errors: InvalidArgument "<name>:<line>: <message>" for the first file
  // that fails to compile (every error libyara reports for it, joined by "; ").
  static absl::StatusOr<std::unique_ptr<YaraRules>> Compile(
      const std::vector<YaraRuleSource>& sources);
  ~YaraRules();
  YaraRules(const YaraRules&) = delete;
  YaraRules& operator=(const YaraRules&) = delete;

  int rule_count() const;
  // Compiler warnings ("<name>:<line>: <message>"), at most 100.
  const std::vector<std::string>& warnings() const;

  // Scans `data`, appending one YaraMatch per matching (non-private) rule. Thread-safe: each
  // call borrows a scanner of its own. Errors (timeout after `timeout_seconds`, too many
  // matches) keep the matches found until then.
  absl::Status Scan(absl::string_view data, const YaraExternals& externals,
                    std::vector<YaraMatch>* out, int timeout_seconds = 60) const;

 private:
  struct Impl;
  explicit YaraRules(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace moat::detect
