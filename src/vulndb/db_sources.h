// Where `moat db update` downloads feeds from: a sources config (JSON, docs/formats/vulndb.md)
// listing per feed its name, format hint, archive type, size limits and URLs tried in order
// (mirrors); and the built-in default pointing at the real upstream locations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::vulndb {

enum class FeedArchive {
  kZip,   // a zip of feed files (OSV's all.zip)
  kTar,   // a tar, plain or compressed with anything libarchive reads (gz, xz, zstd, bz2)
  kFile,  // one feed file, used as downloaded
};

struct FeedSource {
  std::string name;    // unique; [a-z0-9._-], also the directory the feed is unpacked into
  std::string format;  // hint for people: osv, debian-tracker, secdb, csaf-vex, ghsa
  FeedArchive archive = FeedArchive::kFile;
  std::vector<std::string> urls;  // tried in order until one works
  // Each URL answers with the name (or URL) of the current artifact, relative to itself
  // (Red Hat's archive_latest.txt).
  bool indirect = false;
  std::string file_name;  // kFile: the name to save as; default: the URL's last path segment
  int64_t max_bytes = int64_t{1} << 30;            // download limit
  int64_t max_extracted_bytes = int64_t{8} << 30;  // archives: total unpacked size limit
  bool enabled = true;
};

// Parses a sources config; errors name `what`, the feed and the field.
absl::StatusOr<std::vector<FeedSource>> ParseFeedSources(absl::string_view json,
                                                         absl::string_view what);
// The config as JSON (what `moat db update --print-sources` shows, and ParseFeedSources reads).
std::string FeedSourcesJson(const std::vector<FeedSource>& feeds);
// OSV per-ecosystem archives, Debian's tracker JSON, Alpine secdb, Wolfi and Chainguard
// secdb, Ubuntu via OSV, Red Hat CSAF/VEX; the GitHub advisory database archive is listed but
// disabled (OSV's archives already carry the reviewed GHSA advisories).
std::vector<FeedSource> DefaultFeedSources();

absl::string_view FeedArchiveName(FeedArchive archive);  // "zip", "tar", "file"

}  // namespace moat::vulndb
