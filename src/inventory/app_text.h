// Text helpers shared by the application package catalogers (npm, Python, Ruby, PHP, .NET):
// line splitting, quote stripping, byte-order marks and the "is this a plain version" test.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// The lines of `text` without "\n" / "\r\n"; a missing final newline is fine. Views into `text`.
std::vector<absl::string_view> SplitTextLines(absl::string_view text);

// `text` without one pair of matching surrounding quotes (" or '); unchanged otherwise.
absl::string_view StripQuotes(absl::string_view text);

// `text` without a leading UTF-8 byte-order mark.
absl::string_view StripUtf8Bom(absl::string_view text);

// Number of leading spaces of `line`.
int LeadingSpaces(absl::string_view line);

// True for a version string as registries publish them ("1.2.3", "2.0.0-rc.1+b2", "1!2.0.post1",
// "v1.0.2", "3.0.1.2"): non-empty, at most 128 bytes, starting with a letter or digit, and only
// letters, digits and . + - _ ! ~ after that. False for ranges, URLs, paths and "file:" specs.
bool IsPlainVersion(absl::string_view version);

// "<path>: <reason>" as an InvalidArgument-style message (the caller picks the status code).
std::string FileMessage(absl::string_view path, absl::string_view reason);

}  // namespace moat::inventory
