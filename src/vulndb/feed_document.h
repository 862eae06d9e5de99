// Feed files as JSON values: JSON parsed with bounds on nesting and size of the tree, and YAML
// (OSV YAML, Alpine secdb) loaded through the bounded YAML reader and converted to the same
// JSON model, so every parser reads one kind of tree.
#pragma once

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/json.h"

namespace moat::vulndb {

// Deepest JSON nesting accepted (feeds nest a dozen levels; CSAF product trees the most).
inline constexpr int kMaxFeedJsonNesting = 128;
// Most JSON values (containers, scalars) in one file: bounds the memory of the parsed tree.
inline constexpr size_t kMaxFeedJsonValues = 32u << 20;
// Most nodes a YAML file may expand to (aliases make a small file expand exponentially); an
// Alpine secdb YAML has ~20,000.
inline constexpr size_t kMaxFeedYamlNodes = 1u << 20;

// Parses JSON text. Errors name `what`: invalid JSON (with the byte offset), nested deeper than
// kMaxFeedJsonNesting, more than kMaxFeedJsonValues values.
absl::StatusOr<Json> LoadFeedJson(absl::string_view text, absl::string_view what);

// The nesting and value-count checks of LoadFeedJson alone, on the raw bytes; the message is
// prefixed with "<what>: " unless `what` is empty.
absl::Status CheckFeedJsonShape(absl::string_view text, absl::string_view what);

// Every document of a YAML file as JSON: maps become objects (non-scalar keys are dropped),
// sequences arrays, null scalars null and every other scalar a string. Errors name `what`.
absl::StatusOr<std::vector<Json>> LoadFeedYaml(absl::string_view text, absl::string_view what);

}  // namespace moat::vulndb
