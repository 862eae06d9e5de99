// Streaming a big JSON object of objects ({"openssl": {"CVE-2023-0286": {...}}}) one inner
// value at a time, so a 70 MB feed (the Debian tracker) never exists as one tree in memory.
#pragma once

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/json.h"

namespace moat::vulndb {

// Called for each value two levels down ({"outer": {"inner": value}}) in document order, and
// with inner = "" for an outer value that is not an object.
using NestedEntryFn =
    std::function<void(const std::string& outer, const std::string& inner, Json value)>;

// Streams `text`, whose top level must be an object. Values already delivered stay delivered
// when the text turns out invalid; the error (InvalidArgument) says where: "invalid JSON at
// byte N: …", "JSON nested deeper than …", "not a JSON object".
absl::Status StreamNestedObject(absl::string_view text, const NestedEntryFn& entry);

}  // namespace moat::vulndb
