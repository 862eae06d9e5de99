#include "scanjob/blob_cache.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "platform/file_system.h"

namespace moat::scanjob {
namespace {

constexpr absl::string_view kBlobsSha256 = "/blobs/sha256:";

bool IsLowerHex64(absl::string_view hex) {
  if (hex.size() != 64) return false;
  for (char c : hex) {
    if (!absl::ascii_isdigit(c) && !(c >= 'a' && c <= 'f')) return false;
  }
  return true;
}

// The hex digest of a cacheable blob request, or nullopt.
std::optional<std::string> CacheableDigest(const platform::HttpRequest& request) {
  if (request.method != "GET") return std::nullopt;
  for (const auto& [name, value] : request.headers) {
    if (absl::EqualsIgnoreCase(name, "Range")) return std::nullopt;
  }
  absl::string_view path = request.url;
  path = path.substr(0, path.find_first_of("?#"));
  size_t at = path.rfind(kBlobsSha256);
  if (at == absl::string_view::npos) return std::nullopt;
  absl::string_view hex = path.substr(at + kBlobsSha256.size());
  if (!IsLowerHex64(hex)) return std::nullopt;
  return std::string(hex);
}

// A blob answered from the cache.
class CachedResponse : public platform::HttpResponse {
 public:
  CachedResponse(std::unique_ptr<platform::SeekableStream> body, std::string hex, std::string url)
      : body_(std::move(body)), url_(std::move(url)) {
    headers_ = {{"Content-Length", absl::StrCat(body_->Size())},
                {"Content-Type", "application/octet-stream"},
                {"Docker-Content-Digest", absl::StrCat("sha256:", hex)}};
  }
  int status_code() const override { return 200; }
  const platform::HttpHeaders& headers() const override { return headers_; }
  platform::ReadStream& body() override { return *body_; }
  const std::string& effective_url() const override { return url_; }

 private:
  std::unique_ptr<platform::SeekableStream> body_;
  platform::HttpHeaders headers_;
  std::string url_;
};

// Passes a body through while copying it into a temporary file; keeps the file as
// <final_path> when the stream ends with the expected digest.
class TeeStream : public platform::ReadStream {
 public:
  TeeStream(platform::ReadStream* inner, const std::string& dir, std::string hex,
            std::string final_path)
      : inner_(inner), hex_(std::move(hex)), final_path_(std::move(final_path)) {
    std::string pattern = absl::StrCat(dir, "/.partial-", hex_.substr(0, 16), "-XXXXXX");
    int fd = mkstemp(pattern.data());
    if (fd < 0) return;
    file_ = fdopen(fd, "wb");
    if (file_ == nullptr) {
      close(fd);
      unlink(pattern.c_str());
      return;
    }
    temp_path_ = pattern;
  }
  ~TeeStream() override { Discard(); }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    absl::StatusOr<size_t> n = inner_->Read(buffer, size);
    if (!n.ok()) {
      Discard();
      return n;
    }
    if (file_ == nullptr) return n;
    if (*n == 0) {
      Keep();
      return n;
    }
    hash_.Update(absl::string_view(buffer, *n));
    if (fwrite(buffer, 1, *n, file_) != *n) Discard();
    return n;
  }

 private:
  void Keep() {
    bool flushed = fflush(file_) == 0 && fsync(fileno(file_)) == 0;
    bool closed = fclose(file_) == 0;
    file_ = nullptr;
    if (flushed && closed && hash_.HexDigest() == hex_ &&
        rename(temp_path_.c_str(), final_path_.c_str()) == 0) {
      temp_path_.clear();
      return;
    }
    Discard();
  }
  void Discard() {
    if (file_ != nullptr) fclose(file_);
    file_ = nullptr;
    if (!temp_path_.empty()) unlink(temp_path_.c_str());
    temp_path_.clear();
  }

  platform::ReadStream* inner_;
  const std::string hex_;
  const std::string final_path_;
  std::string temp_path_;
  FILE* file_ = nullptr;
  Sha256 hash_;
};

// The registry's response, its body read through a TeeStream.
class TeeResponse : public platform::HttpResponse {
 public:
  TeeResponse(std::unique_ptr<platform::HttpResponse> inner, const std::string& dir,
              std::string hex, std::string final_path)
      : inner_(std::move(inner)),
        tee_(&inner_->body(), dir, std::move(hex), std::move(final_path)) {}
  int status_code() const override { return inner_->status_code(); }
  const platform::HttpHeaders& headers() const override { return inner_->headers(); }
  platform::ReadStream& body() override { return tee_; }
  const std::string& effective_url() const override { return inner_->effective_url(); }

 private:
  std::unique_ptr<platform::HttpResponse> inner_;
  TeeStream tee_;
};

class BlobCachingHttpClient : public platform::HttpClient {
 public:
  BlobCachingHttpClient(std::unique_ptr<platform::HttpClient> inner, std::string dir)
      : inner_(std::move(inner)), dir_(std::move(dir)) {
    std::error_code error;
    std::filesystem::create_directories(absl::StrCat(dir_, "/sha256"), error);
  }

  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(
      const platform::HttpRequest& request) override {
    std::optional<std::string> hex = CacheableDigest(request);
    if (!hex.has_value()) return inner_->Send(request);
    std::string path = absl::StrCat(dir_, "/sha256/", *hex);
    auto cached = fs_.OpenRead(path, /*follow_symlinks=*/false);
    if (cached.ok()) {
      utimensat(AT_FDCWD, path.c_str(), nullptr, AT_SYMLINK_NOFOLLOW);  // recently used
      return std::unique_ptr<platform::HttpResponse>(
          std::make_unique<CachedResponse>(*std::move(cached), *hex, request.url));
    }
    auto response = inner_->Send(request);
    if (!response.ok() || (*response)->status_code() != 200) return response;
    return std::unique_ptr<platform::HttpResponse>(
        std::make_unique<TeeResponse>(*std::move(response), dir_, *hex, path));
  }

 private:
  std::unique_ptr<platform::HttpClient> inner_;
  const std::string dir_;
  platform::PosixFileSystem fs_;
};

struct CacheEntry {
  std::filesystem::path path;
  uint64_t size = 0;
  absl::Time modified;
};

// The regular files directly in `dir` (not following links), with size and modification time.
std::vector<CacheEntry> ListEntries(const std::filesystem::path& dir) {
  std::vector<CacheEntry> entries;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat st;
    if (lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    entries.push_back(
        {it->path(), static_cast<uint64_t>(st.st_size), absl::TimeFromTimespec(st.st_mtim)});
  }
  return entries;
}

bool Remove(const CacheEntry& entry, BlobCacheTrim& trim) {
  std::error_code ec;
  if (!std::filesystem::remove(entry.path, ec)) return false;
  trim.removed++;
  trim.freed_bytes += entry.size;
  return true;
}

}  // namespace

BlobCacheTrim TrimBlobCache(const std::string& dir, uint64_t max_bytes, absl::Time now) {
  BlobCacheTrim trim;
  for (const CacheEntry& entry : ListEntries(dir)) {
    bool partial = absl::StartsWith(entry.path.filename().string(), ".partial-");
    if (partial && now - entry.modified > absl::Hours(1)) Remove(entry, trim);
  }
  std::vector<CacheEntry> blobs = ListEntries(std::filesystem::path(dir) / "sha256");
  uint64_t total = 0;
  for (const CacheEntry& blob : blobs) total += blob.size;
  if (max_bytes > 0 && total > max_bytes) {
    std::sort(blobs.begin(), blobs.end(),
              [](const CacheEntry& a, const CacheEntry& b) { return a.modified < b.modified; });
    for (const CacheEntry& blob : blobs) {
      if (total <= max_bytes) break;
      if (Remove(blob, trim)) total -= blob.size;
    }
  }
  trim.kept_bytes = total;
  return trim;
}

std::unique_ptr<platform::HttpClient> NewBlobCachingHttpClient(
    std::unique_ptr<platform::HttpClient> inner, std::string dir) {
  return std::make_unique<BlobCachingHttpClient>(std::move(inner), std::move(dir));
}

}  // namespace moat::scanjob
