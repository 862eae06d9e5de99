#include "vulndb/db_download.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sha256.h"
#include "common/status.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

constexpr size_t kMaxPointerBytes = 4096;
constexpr size_t kChunk = 1 << 20;

absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Get(platform::HttpClient* http,
                                                            const std::string& url) {
  platform::HttpRequest request;
  request.url = url;
  MOAT_ASSIGN_OR_RETURN(auto response, http->Send(request));
  if (response->status_code() != 200) {
    return absl::UnavailableError(absl::StrCat("HTTP ", response->status_code()));
  }
  return response;
}

// An indirect URL's answer: the artifact's name or URL on its first line.
absl::StatusOr<std::string> ResolvePointer(platform::HttpClient* http, const std::string& url) {
  MOAT_ASSIGN_OR_RETURN(auto response, Get(http, url));
  MOAT_ASSIGN_OR_RETURN(std::string body,
                        platform::ReadAll(response->body(), kMaxPointerBytes, "pointer"));
  absl::string_view line = absl::StripAsciiWhitespace(body);
  line = line.substr(0, line.find_first_of("\r\n"));
  for (char c : line) {
    if (!absl::ascii_isgraph(c)) return absl::DataLossError("pointer is not a file name or URL");
  }
  if (line.empty()) return absl::DataLossError("pointer is empty");
  return ResolveUrl(url, line);
}

absl::StatusOr<FeedDownload> Fetch(platform::HttpClient* http, const FeedSource& feed,
                                   const std::string& url, const std::string& dest) {
  MOAT_ASSIGN_OR_RETURN(auto response, Get(http, url));
  int64_t declared = response->ContentLength();
  if (declared > feed.max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(declared, " bytes, more than the limit of ", feed.max_bytes));
  }
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<TempFile> out, TempFile::CreateBeside(dest));
  Sha256 sha;
  std::vector<char> buffer(kChunk);
  int64_t total = 0;
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, response->body().Read(buffer.data(), buffer.size()));
    if (n == 0) break;
    total += static_cast<int64_t>(n);
    if (total > feed.max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat("more than the limit of ", feed.max_bytes, " bytes"));
    }
    absl::string_view chunk(buffer.data(), n);
    sha.Update(chunk);
    MOAT_RETURN_IF_ERROR(out->Write(chunk));
  }
  if (declared >= 0 && total != declared) {
    return absl::DataLossError(absl::StrCat("body cut short: ", total, " of ", declared, " bytes"));
  }
  MOAT_RETURN_IF_ERROR(out->Install());
  return FeedDownload{feed.name, url, total, sha.HexDigest()};
}

}  // namespace

std::string ResolveUrl(absl::string_view base, absl::string_view reference) {
  if (absl::StrContains(reference, "://")) return std::string(reference);
  size_t scheme = base.find("://");
  size_t host_end = scheme == absl::string_view::npos ? 0 : base.find('/', scheme + 3);
  if (host_end == absl::string_view::npos) host_end = base.size();
  if (absl::StartsWith(reference, "/")) return absl::StrCat(base.substr(0, host_end), reference);
  absl::string_view path = base.substr(0, base.find_first_of("?#"));
  size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos || slash < host_end) {
    return absl::StrCat(path.substr(0, host_end), "/", reference);
  }
  return absl::StrCat(path.substr(0, slash + 1), reference);
}

std::string FeedFileName(const FeedSource& feed) {
  if (!feed.file_name.empty()) return feed.file_name;
  if (!feed.urls.empty()) {
    absl::string_view url = feed.urls[0];
    url = url.substr(0, url.find_first_of("?#"));
    size_t scheme = url.find("://");
    size_t slash = url.rfind('/');
    if (slash != absl::string_view::npos &&
        (scheme == absl::string_view::npos || slash > scheme + 2)) {
      std::string name(url.substr(slash + 1));
      if (!name.empty() && name[0] != '.' && name != "..") return name;
    }
  }
  return absl::StrCat(feed.name, ".json");
}

absl::StatusOr<FeedDownload> DownloadFeed(platform::HttpClient* http, const FeedSource& feed,
                                          const std::string& dest, const UpdateProgress& progress) {
  std::vector<std::string> failures;
  for (const std::string& url : feed.urls) {
    std::string artifact = url;
    if (feed.indirect) {
      auto resolved = ResolvePointer(http, url);
      if (!resolved.ok()) {
        failures.push_back(absl::StrCat(url, ": ", resolved.status().message()));
        continue;
      }
      artifact = *resolved;
    }
    if (progress) progress(absl::StrCat("downloading ", feed.name, " from ", artifact));
    auto done = Fetch(http, feed, artifact, dest);
    if (done.ok()) return done;
    failures.push_back(absl::StrCat(artifact, ": ", done.status().message()));
    if (progress) progress(absl::StrCat("  failed: ", failures.back()));
  }
  return absl::UnavailableError(absl::StrCat(
      "downloading feed ", feed.name, ": every URL failed: ", absl::StrJoin(failures, "; ")));
}

}  // namespace moat::vulndb
