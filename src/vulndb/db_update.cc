#include "vulndb/db_update.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/db_extract.h"
#include "vulndb/file_install.h"

namespace moat::vulndb {
namespace {

// Downloads `feed` into `<work>/feeds/<name>/`, unpacking archives there; returns the record.
absl::StatusOr<FeedDownload> FetchFeed(platform::FileSystem* fs, platform::HttpClient* http,
                                       const FeedSource& feed, const std::string& work,
                                       const UpdateProgress& progress) {
  std::string feed_dir = absl::StrCat(work, "/feeds/", feed.name);
  MOAT_RETURN_IF_ERROR(MakeDirs(feed_dir));
  if (feed.archive == FeedArchive::kFile) {
    return DownloadFeed(http, feed, absl::StrCat(feed_dir, "/", FeedFileName(feed)), progress);
  }
  std::string archive = absl::StrCat(work, "/downloads/", feed.name);
  MOAT_ASSIGN_OR_RETURN(FeedDownload download, DownloadFeed(http, feed, archive, progress));
  ExtractLimits limits;
  limits.max_bytes = feed.max_extracted_bytes;
  MOAT_ASSIGN_OR_RETURN(ExtractStats stats,
                        ExtractFeedArchive(fs, archive, feed.archive, feed_dir, limits));
  if (progress) {
    progress(
        absl::StrCat("unpacked ", feed.name, ": ", stats.files, " files, ", stats.bytes, " bytes"));
  }
  // The archive is not needed any more; free the disk before the next feed.
  ::unlink(archive.c_str());
  return download;
}

}  // namespace

absl::StatusOr<UpdateReport> UpdateDatabase(platform::FileSystem* fs, platform::HttpClient* http,
                                            platform::Clock* clock, const FeedImporter& importer,
                                            const UpdateOptions& options,
                                            const UpdateProgress& progress) {
  std::vector<const FeedSource*> feeds;
  for (const FeedSource& feed : options.feeds) {
    if (feed.enabled) feeds.push_back(&feed);
  }
  if (feeds.empty()) return absl::InvalidArgumentError("the sources config enables no feed");
  std::string work_parent =
      options.work_dir.empty() ? DirectoryOf(options.db_path) : options.work_dir;
  MOAT_ASSIGN_OR_RETURN(std::unique_ptr<TempDir> work,
                        TempDir::Create(work_parent, ".moat-update-"));
  UpdateReport report;
  absl::Time start = clock->Now();
  BuildOptions build;
  for (const FeedSource* feed : feeds) {
    MOAT_ASSIGN_OR_RETURN(FeedDownload download,
                          FetchFeed(fs, http, *feed, work->path(), progress));
    report.downloads.push_back(download);
    build.inputs.push_back(absl::StrCat(work->path(), "/feeds/", feed->name));
  }
  report.download_time = clock->Now() - start;
  build.db_path = options.db_path;
  build.downloads = report.downloads;
  build.built_at = options.built_at;
  build.jobs = options.jobs;
  if (progress) progress(absl::StrCat("building ", options.db_path));
  MOAT_ASSIGN_OR_RETURN(report.build, BuildDatabase(fs, clock, importer, build));
  return report;
}

}  // namespace moat::vulndb
