#include "vulndb/db_sources.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

constexpr char kOsvBucket[] = "https://osv-vulnerabilities.storage.googleapis.com/";
constexpr char kOsvBucketPathStyle[] = "https://storage.googleapis.com/osv-vulnerabilities/";

// OSV ecosystems Moat catalogs packages of, and the feed names they get.
struct OsvEcosystem {
  const char* feed;
  const char* ecosystem;
};
constexpr OsvEcosystem kOsvEcosystems[] = {
    {"osv-go", "Go"},       {"osv-pypi", "PyPI"},           {"osv-npm", "npm"},
    {"osv-maven", "Maven"}, {"osv-crates", "crates.io"},    {"osv-rubygems", "RubyGems"},
    {"osv-nuget", "NuGet"}, {"osv-packagist", "Packagist"}, {"ubuntu", "Ubuntu"},
};

constexpr const char* kAlpineReleases[] = {"v3.17", "v3.18", "v3.19", "v3.20", "v3.21", "edge"};

struct ArchiveName {
  const char* name;
  FeedArchive archive;
};
constexpr ArchiveName kArchiveNames[] = {
    {"zip", FeedArchive::kZip},    {"tar", FeedArchive::kTar},     {"tar.gz", FeedArchive::kTar},
    {"tar.xz", FeedArchive::kTar}, {"tar.zst", FeedArchive::kTar}, {"file", FeedArchive::kFile},
};

FeedSource Feed(std::string name, std::string format, FeedArchive archive,
                std::vector<std::string> urls) {
  FeedSource feed;
  feed.name = std::move(name);
  feed.format = std::move(format);
  feed.archive = archive;
  feed.urls = std::move(urls);
  return feed;
}

bool ValidName(absl::string_view name) {
  if (name.empty() || name.size() > 64 || name[0] == '.') return false;
  for (char c : name) {
    if (!absl::ascii_islower(c) && !absl::ascii_isdigit(c) && c != '.' && c != '_' && c != '-') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<FeedSource> ParseFeed(const Json& j, const std::string& where) {
  FeedSource feed;
  feed.name = JsonString(j, "name");
  if (!ValidName(feed.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": name \"", feed.name, "\" must be 1-64 of a-z, 0-9, '.', '_', '-'"));
  }
  std::string at = absl::StrCat(where, " (", feed.name, ")");
  feed.format = JsonString(j, "format");
  std::string archive = JsonString(j, "archive", "file");
  bool known = false;
  for (const ArchiveName& a : kArchiveNames) {
    if (archive == a.name) feed.archive = a.archive, known = true;
  }
  if (!known) {
    return absl::InvalidArgumentError(absl::StrCat(
        at, ": archive \"", archive, "\" is not zip, tar, tar.gz, tar.xz, tar.zst or file"));
  }
  feed.urls = JsonStringArray(j, "urls");
  if (feed.urls.empty()) return absl::InvalidArgumentError(absl::StrCat(at, ": no urls"));
  for (const std::string& url : feed.urls) {
    if (!absl::StartsWith(url, "https://") && !absl::StartsWith(url, "http://")) {
      return absl::InvalidArgumentError(absl::StrCat(at, ": \"", url, "\" is not an http(s) URL"));
    }
  }
  feed.indirect = JsonBool(j, "indirect");
  feed.file_name = JsonString(j, "fileName");
  if (!feed.file_name.empty() && (!ValidName(absl::AsciiStrToLower(feed.file_name)))) {
    return absl::InvalidArgumentError(absl::StrCat(at, ": fileName must be a plain file name"));
  }
  feed.max_bytes = JsonInt(j, "maxBytes").value_or(feed.max_bytes);
  feed.max_extracted_bytes = JsonInt(j, "maxExtractedBytes").value_or(feed.max_extracted_bytes);
  if (feed.max_bytes <= 0 || feed.max_extracted_bytes <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(at, ": size limits must be positive"));
  }
  feed.enabled = JsonBool(j, "enabled", true);
  return feed;
}

}  // namespace

absl::string_view FeedArchiveName(FeedArchive archive) {
  switch (archive) {
    case FeedArchive::kZip:
      return "zip";
    case FeedArchive::kTar:
      return "tar";
    case FeedArchive::kFile:
      return "file";
  }
  return "file";
}

absl::StatusOr<std::vector<FeedSource>> ParseFeedSources(absl::string_view json,
                                                         absl::string_view what) {
  MOAT_ASSIGN_OR_RETURN(Json root, ParseJson(json, what));
  const Json* feeds = JsonField(root, "feeds");
  if (feeds == nullptr || !feeds->is_array()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": \"feeds\" must be a list"));
  }
  std::vector<FeedSource> out;
  std::set<std::string> names;
  for (size_t i = 0; i < feeds->size(); ++i) {
    std::string where = absl::StrCat(what, ": feeds[", i, "]");
    if (!(*feeds)[i].is_object()) return absl::InvalidArgumentError(where + ": not an object");
    MOAT_ASSIGN_OR_RETURN(FeedSource feed, ParseFeed((*feeds)[i], where));
    if (!names.insert(feed.name).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": duplicate name ", feed.name));
    }
    out.push_back(std::move(feed));
  }
  return out;
}

std::string FeedSourcesJson(const std::vector<FeedSource>& feeds) {
  Json list = Json::array();
  for (const FeedSource& f : feeds) {
    Json j = {{"name", f.name},
              {"format", f.format},
              {"archive", std::string(FeedArchiveName(f.archive))},
              {"urls", f.urls},
              {"enabled", f.enabled},
              {"maxBytes", f.max_bytes}};
    if (f.archive != FeedArchive::kFile) j["maxExtractedBytes"] = f.max_extracted_bytes;
    if (f.indirect) j["indirect"] = true;
    if (!f.file_name.empty()) j["fileName"] = f.file_name;
    list.push_back(std::move(j));
  }
  return DumpJson(Json{{"feeds", list}}, 2) + "\n";
}

std::vector<FeedSource> DefaultFeedSources() {
  std::vector<FeedSource> feeds;
  for (const OsvEcosystem& e : kOsvEcosystems) {
    feeds.push_back(Feed(e.feed, "osv", FeedArchive::kZip,
                         {absl::StrCat(kOsvBucket, e.ecosystem, "/all.zip"),
                          absl::StrCat(kOsvBucketPathStyle, e.ecosystem, "/all.zip")}));
  }
  FeedSource debian = Feed("debian", "debian-tracker", FeedArchive::kFile,
                           {"https://security-tracker.debian.org/tracker/data/json"});
  debian.file_name = "debian-security-tracker.json";
  feeds.push_back(std::move(debian));
  for (const char* release : kAlpineReleases) {
    for (const char* repo : {"main", "community"}) {
      feeds.push_back(
          Feed(absl::StrCat("alpine-", release, "-", repo), "secdb", FeedArchive::kFile,
               {absl::StrCat("https://secdb.alpinelinux.org/", release, "/", repo, ".json")}));
    }
  }
  feeds.push_back(
      Feed("wolfi", "secdb", FeedArchive::kFile, {"https://packages.wolfi.dev/os/security.json"}));
  feeds.push_back(Feed("chainguard", "secdb", FeedArchive::kFile,
                       {"https://packages.cgr.dev/chainguard/security.json"}));
  FeedSource redhat = Feed("redhat", "csaf-vex", FeedArchive::kTar,
                           {"https://security.access.redhat.com/data/csaf/v2/vex/"
                            "archive_latest.txt"});
  redhat.indirect = true;
  redhat.max_bytes = int64_t{4} << 30;
  redhat.max_extracted_bytes = int64_t{64} << 30;
  feeds.push_back(std::move(redhat));
  FeedSource ghsa =
      Feed("ghsa", "ghsa", FeedArchive::kTar,
           {"https://github.com/github/advisory-database/archive/refs/heads/main.tar.gz",
            "https://codeload.github.com/github/advisory-database/tar.gz/refs/heads/main"});
  ghsa.max_bytes = int64_t{2} << 30;
  ghsa.max_extracted_bytes = int64_t{16} << 30;
  ghsa.enabled = false;
  feeds.push_back(std::move(ghsa));
  return feeds;
}

}  // namespace moat::vulndb
