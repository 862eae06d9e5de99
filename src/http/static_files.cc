#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace moat::http {
namespace {

namespace fs = std::filesystem;

// Headers every console answer carries: no framing, no sniffing, scripts and styles only from
// the center itself.
void AddSecurityHeaders(Response& response) {
  response.headers.emplace_back(
      "Content-Security-Policy",
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
      "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  response.headers.emplace_back("X-Content-Type-Options", "nosniff");
  response.headers.emplace_back("Referrer-Policy", "no-referrer");
}

// Paths that belong to the API or other services: an unknown one is a 404, not the console.
bool IsServicePath(absl::string_view path) {
  return absl::StartsWith(path, "/api/") || path == "/api" || absl::StartsWith(path, "/harbor/");
}

absl::StatusOr<std::string> ReadWhole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return absl::InternalError(absl::StrCat(path.string(), ": cannot be read"));
  }
  return std::move(out).str();
}

}  // namespace

std::string ContentTypeForPath(absl::string_view path) {
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == absl::string_view::npos || (slash != absl::string_view::npos && dot < slash)) {
    return "application/octet-stream";
  }
  auto it = kTypes.find(absl::AsciiStrToLower(path.substr(dot)));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

absl::StatusOr<StaticFiles> StaticFiles::Load(const std::string& dir, const StaticLimits& limits) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return absl::NotFoundError(absl::StrCat("web dir ", dir, ": not a directory"));
  }
  StaticFiles files;
  uint64_t total = 0;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it.depth() >= limits.max_depth) it.disable_recursion_pending();
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    if (static_cast<int>(files.files_.size()) >= limits.max_files) {
      return absl::ResourceExhaustedError(
          absl::StrCat("web dir ", dir, ": more than ", limits.max_files, " files"));
    }
    total += it->file_size(ec);
    if (total > limits.max_total_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("web dir ", dir, ": more than ", limits.max_total_bytes, " bytes"));
    }
    auto body = ReadWhole(it->path());
    if (!body.ok()) return body.status();
    std::string key = "/" + fs::relative(it->path(), dir, ec).generic_string();
    files.files_[key] = StaticFile{ContentTypeForPath(key), *std::move(body)};
  }
  if (ec) return absl::InternalError(absl::StrCat("web dir ", dir, ": ", ec.message()));
  if (!files.files_.count("/index.html")) {
    return absl::NotFoundError(
        absl::StrCat("web dir ", dir, ": no index.html (build the console: ninja moat_web)"));
  }
  return files;
}

Response StaticFiles::Serve(absl::string_view path) const {
  if (IsServicePath(path)) return ErrorResponse(404, absl::StrCat("no such resource: ", path));
  auto it = files_.find(path == "/" ? std::string("/index.html") : std::string(path));
  bool is_asset = it != files_.end() && absl::StartsWith(path, "/assets/");
  // A missing asset is an error (a stale page asks for an old hash), not the console's page.
  if (it == files_.end() && absl::StartsWith(path, "/assets/")) {
    return ErrorResponse(404, absl::StrCat("no such file: ", path));
  }
  if (it == files_.end()) it = files_.find("/index.html");
  Response response;
  response.content_type = it->second.content_type;
  response.body = it->second.body;
  // Vite names assets by content hash, so they never change; index.html always revalidates.
  response.headers.emplace_back("Cache-Control",
                                is_asset ? "public, max-age=31536000, immutable" : "no-cache");
  AddSecurityHeaders(response);
  return response;
}

void StaticFiles::Register(Router& router) const {
  Handler handler = [this](Request& request) { return Serve(request.path); };
  router.Add("GET", "/", handler);
  router.Add("GET", "/{path*}", handler);
}

}  // namespace moat::http
