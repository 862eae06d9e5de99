// `moat db update`: download every enabled feed of a sources config into a temporary directory
// next to the database, unpack, build the database from them and install it atomically. Any
// failure leaves the installed database as it was.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "platform/clock.h"
#include "platform/file_system.h"
#include "platform/http_client.h"
#include "vulndb/db_build.h"
#include "vulndb/db_download.h"
#include "vulndb/db_sources.h"

namespace moat::vulndb {

struct UpdateOptions {
  std::vector<FeedSource> feeds;  // disabled ones are skipped
  std::string db_path;
  std::string work_dir;  // where downloads go; "" means the database's directory
  int jobs = 0;          // import threads, as BuildOptions::jobs
  std::string built_at;  // "" means now
};

struct UpdateReport {
  std::vector<FeedDownload> downloads;
  BuildReport build;
  absl::Duration download_time;
};

absl::StatusOr<UpdateReport> UpdateDatabase(platform::FileSystem* fs, platform::HttpClient* http,
                                            platform::Clock* clock, const FeedImporter& importer,
                                            const UpdateOptions& options,
                                            const UpdateProgress& progress);

}  // namespace moat::vulndb
