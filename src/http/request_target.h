// Parsing of an HTTP request target (origin form "/path?query"): percent-decoding, the query
// string and the path checks every request passes before routing. Pure functions on untrusted
// bytes: they never throw or crash, they return a Status.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::http {

struct RequestTarget {
  std::string raw_path;                      // the path as sent, still percent-encoded: "/a%20b"
  std::string path;                          // decoded: "/a b"
  std::map<std::string, std::string> query;  // decoded; the last of repeated keys wins
};

// Decodes %XX escapes (and '+' as a space when `plus_as_space`). A '%' not followed by two hex
// digits is an InvalidArgument error.
absl::StatusOr<std::string> PercentDecode(absl::string_view text, bool plus_as_space);

// Splits an encoded path "/a/b%2Fc" into decoded segments {"a", "b/c"}. The path must start
// with '/'. Errors: bad escapes, a NUL byte, a ".." segment.
absl::StatusOr<std::vector<std::string>> DecodePathSegments(absl::string_view raw_path);

// Parses "a=1&b=x+y&c" into {"a": "1", "b": "x y", "c": ""}; empty keys are skipped.
absl::StatusOr<std::map<std::string, std::string>> ParseQuery(absl::string_view query);

// Parses an origin-form target. Errors (InvalidArgument) name the reason: "path must start with
// '/'", "bad percent-encoding in path", "NUL byte in path", "'..' segment in path", ...
absl::StatusOr<RequestTarget> ParseRequestTarget(absl::string_view target);

}  // namespace moat::http
