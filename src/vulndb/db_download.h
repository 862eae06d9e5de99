// Downloading one feed artifact through the HTTP seam: mirrors tried in order, the size bounded,
// the SHA-256 computed while the bytes stream to disk.
#pragma once

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "platform/http_client.h"
#include "vulndb/database.h"
#include "vulndb/db_sources.h"

namespace moat::vulndb {

// Progress lines for people ("downloading osv-go from https://..."), on stderr in the CLI.
using UpdateProgress = std::function<void(absl::string_view line)>;

// Downloads `feed` to the file `dest` (written atomically). Each URL is tried in order; an HTTP
// error status, a transport failure, a body cut short or one larger than `feed.max_bytes`
// moves on to the next. Fails, naming every URL and why, when none works.
absl::StatusOr<FeedDownload> DownloadFeed(platform::HttpClient* http, const FeedSource& feed,
                                          const std::string& dest, const UpdateProgress& progress);

// The file name a single-file feed is saved as: `file_name`, else the last path segment of the
// first URL (query and fragment dropped), else "<name>.json".
std::string FeedFileName(const FeedSource& feed);

// Resolves `reference` (an absolute URL, an absolute path or a relative name) against `base`.
std::string ResolveUrl(absl::string_view base, absl::string_view reference);

}  // namespace moat::vulndb
