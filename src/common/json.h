// JSON parsing without exceptions (nlohmann::json wrapped at the edge) and safe field accessors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace moat {

using Json = nlohmann::json;

// Parses `text`; the error names `what` (e.g. a file path) and the byte offset of the problem.
absl::StatusOr<Json> ParseJson(absl::string_view text, absl::string_view what);

// Accessors that never throw: missing keys or wrong types yield nullptr / the fallback.
const Json* JsonField(const Json& object, absl::string_view key);
std::string JsonString(const Json& object, absl::string_view key, absl::string_view fallback = "");
std::optional<int64_t> JsonInt(const Json& object, absl::string_view key);
bool JsonBool(const Json& object, absl::string_view key, bool fallback = false);
// Strings of an array field; non-string elements are skipped.
std::vector<std::string> JsonStringArray(const Json& object, absl::string_view key);

// Serializes without throwing on invalid UTF-8 (replaced by U+FFFD).
std::string DumpJson(const Json& value, int indent = -1);

}  // namespace moat
