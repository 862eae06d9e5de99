// The results of Moat's SARIF run: one per vulnerability or finding, located at the file in the
// image (path without the leading '/'), with the layer and a fingerprint that is stable across
// scans of the same image. Used by sarif_writer.cc.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "detect/finding.h"
#include "report/writer_util.h"
#include "vulndb/match.h"

namespace moat::report {

// The partialFingerprints keys (versioned: a new key if what they hash ever changes).
inline constexpr char kSarifVulnerabilityFingerprintKey[] = "moatVulnerabilityId/v1";
inline constexpr char kSarifFindingFingerprintKey[] = "moatFindingId/v1";

// An image path as a relative URI reference: the leading '/' dropped, bytes outside RFC 3986's
// unreserved characters, sub-delimiters, '/' and '@' percent-encoded (':' too, so the first
// segment never reads as a scheme). `fallback` when `path` is empty or only slashes.
std::string SarifArtifactUri(absl::string_view path, absl::string_view fallback);

// 32 hex digits of SHA-256 over id, ecosystem, package, version, found-in path and archive.
std::string VulnerabilityFingerprint(const vulndb::Vulnerability& v);

// "lodash 4.17.15: CVE-2021-23337 (high), fixed in 4.17.21: upgrade lodash to 4.17.21".
std::string VulnerabilityMessage(const vulndb::Vulnerability& v);
// "<title> (<severity>): <fix>", plus where it was added and deleted when a later layer did.
std::string FindingMessage(const detect::Finding& f);

// The result objects; `image_name` is the image's display name, `rule_index` the index of the
// rule in the run's rules.
OrderedJson VulnerabilityResult(const vulndb::Vulnerability& v, int rule_index,
                                const std::string& image_name);
OrderedJson FindingResult(const detect::Finding& f, int rule_index, const std::string& image_name);

}  // namespace moat::report
