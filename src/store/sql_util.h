// Small helpers shared by the SQL store's files: ids, list encoding, paging checks, LIKE escaping.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace moat::store {

// 128 random bits as 32 lowercase hex characters.
std::string NewId();

// A list of strings as JSON text and back (malformed text decodes to an empty list).
std::string EncodeStringList(const std::vector<std::string>& values);
std::vector<std::string> DecodeStringList(absl::string_view json);

// InvalidArgument unless offset >= 0 and 1 <= limit <= 1000.
absl::Status CheckPage(int64_t offset, int64_t limit);

// `text` with \, % and _ escaped by a backslash, for LIKE ... ESCAPE '\'.
std::string EscapeLike(absl::string_view text);

// "$first, $first+1, ..." with `count` placeholders.
std::string Placeholders(size_t first, size_t count);

}  // namespace moat::store
