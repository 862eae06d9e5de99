// The web console's built files (web/ → build/<type>/web/dist), read into memory once at start and
// served under "/": exact files with their content type, index.html for every other path (the
// console's own routes), API-looking paths left to 404. No request can reach a file outside the
// directory, because only files found at load time exist.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "http/http_message.h"
#include "http/router.h"

namespace moat::http {

struct StaticFile {
  std::string content_type;
  std::string body;
};

struct StaticLimits {
  int max_files = 2000;
  uint64_t max_total_bytes = uint64_t{64} << 20;
  int max_depth = 8;
};

class StaticFiles {
 public:
  // Reads every regular file under `dir` (symlinks are not followed). Errors name the dir and
  // the reason: missing, no index.html, over a limit, unreadable file.
  static absl::StatusOr<StaticFiles> Load(const std::string& dir, const StaticLimits& limits = {});

  // GET "/" and "/{path*}" on `router`; the StaticFiles must outlive it.
  void Register(Router& router) const;

  // The answer for a decoded request path ("/images/sha256:abc", "/assets/index-1a2b.js").
  Response Serve(absl::string_view path) const;

  size_t file_count() const { return files_.size(); }

 private:
  std::map<std::string, StaticFile> files_;  // "/index.html" → file
};

// The content type for a file name's extension ("application/octet-stream" when unknown).
std::string ContentTypeForPath(absl::string_view path);

}  // namespace moat::http
