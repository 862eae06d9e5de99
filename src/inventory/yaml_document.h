// yaml-cpp behind a Status for untrusted files: bounded size and nesting before parsing, every
// exception caught here, and accessors that never throw on missing keys or wrong node types.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "yaml-cpp/yaml.h"

namespace moat::inventory {

// Largest YAML text parsed (yaml-cpp needs many times the input size in memory).
inline constexpr size_t kMaxYamlBytes = 64u << 20;
// Deepest flow ("[{[") or block (indentation / "- - -") nesting accepted.
inline constexpr int kMaxYamlNesting = 64;
// Most "---"-separated documents accepted in one file.
inline constexpr size_t kMaxYamlDocuments = 64;

// Every document of `text` ("---"-separated). Errors name `what`: too large, nested too deeply,
// or a syntax error with its line ("<what>: invalid YAML at line 3, column 5: ...").
absl::StatusOr<std::vector<YAML::Node>> LoadYamlDocuments(absl::string_view text,
                                                          absl::string_view what);

// The value of `key` when `node` is a map that has it; an undefined node otherwise.
YAML::Node YamlField(const YAML::Node& node, absl::string_view key);
// The scalar text of `key` in map `node`, or "" when absent or not a scalar.
std::string YamlScalar(const YAML::Node& node, absl::string_view key);
bool YamlIsMap(const YAML::Node& node);
// The scalar text of `node` itself, or "".
std::string YamlText(const YAML::Node& node);

}  // namespace moat::inventory
