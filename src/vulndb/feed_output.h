// What a feed format parser produces for one file: advisories, parts of advisories, malformed
// records and records left out on purpose; plus the limits every parser applies to feed text.
#pragma once

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// Largest feed file read (a whole Debian tracker JSON is ~70 MB).
inline constexpr size_t kMaxFeedFileBytes = 256u << 20;
// Longest id, package name and version accepted; longer ones make the record malformed.
inline constexpr size_t kMaxFeedIdBytes = 256;
inline constexpr size_t kMaxFeedNameBytes = 512;
inline constexpr size_t kMaxFeedVersionBytes = 256;
// Texts longer than these are cut (at a UTF-8 boundary) rather than refused.
inline constexpr size_t kMaxSummaryBytes = 1024;
inline constexpr size_t kMaxDetailsBytes = 64u << 10;

// Receives what one file yields. Implemented by the import driver; parsers never see the sink.
class FeedOutput {
 public:
  virtual ~FeedOutput() = default;
  // A whole advisory (one OSV document, one npm security-wg file). Another record with the same
  // source and id is a duplicate: counted, and resolved by the sink's rule (newest `modified`).
  virtual void Record(Advisory advisory) = 0;
  // A part of an advisory that other parts extend (distro feeds are split by release, package or
  // document): `modified` is left empty so that the sink merges the parts.
  virtual void Fragment(Advisory advisory) = 0;
  // A record that could not be imported. `reason` starts with the record id when it is known.
  virtual void Malformed(absl::string_view source, const std::string& reason) = 0;
  // A record left out on purpose (unknown ecosystem, informational notice, unsupported product).
  virtual void Skipped(absl::string_view source) = 0;
};

}  // namespace moat::vulndb
