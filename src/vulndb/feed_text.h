// Small text rules shared by the feed importers: ids, severities, package-name normalisation,
// CVSS vector versions, dates, and bounded copies of long texts.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// An advisory id as feeds write them ("CVE-2024-1234", "GHSA-…", "RHSA-2024:0010"): 1 to
// kMaxFeedIdBytes printable ASCII characters without spaces.
bool IsFeedId(absl::string_view id);

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string CutText(absl::string_view text, size_t max_bytes);

// A feed's severity word on the common scale: "critical", "high", "medium", "low",
// "negligible" or "unknown"; "" for an empty word. Red Hat "important" is high and "moderate"
// medium; Debian "unimportant" is negligible; a trailing "*" (Debian: from NVD) is dropped;
// "not yet assigned", "untriaged" and anything unrecognised are "unknown".
std::string NormalizeSeverity(absl::string_view word);

// PEP 503: lowercase, runs of "-", "_" and "." become one "-".
std::string PypiName(absl::string_view name);

// A CVSS score record for a vector; the version comes from the vector's prefix ("CVSS:3.1/"
// → "3.1"; a prefix-less "AV:…/Au:…" vector is "2.0"); the score is left for the scorer.
CvssScore CvssFromVector(absl::string_view vector, absl::string_view source);

// Appends `value` unless it is empty or already present.
void AddUnique(std::vector<std::string>& list, std::string value);

// "2023-03-29" or "29 Mar 2023" as "2023-03-29T00:00:00Z"; other text unchanged.
std::string DateToTimestamp(absl::string_view date);

// A package name or version: 1 to `max_bytes` bytes, no spaces or control characters.
bool IsFeedToken(absl::string_view text, size_t max_bytes);

}  // namespace moat::vulndb
