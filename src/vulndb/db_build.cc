#include "vulndb/db_build.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "vulndb/advisory_merge.h"

namespace moat::vulndb {
namespace {

// One unit of parallel import: a top-level entry of an input, buffered until its turn.
struct Job {
  std::string path;
  std::vector<Advisory> advisories = {};
  std::vector<MalformedRecord> malformed_samples = {};
  int64_t malformed = 0;
  absl::StatusOr<std::vector<ImportStats>> stats = std::vector<ImportStats>();
};

class BufferSink : public AdvisorySink {
 public:
  BufferSink(Job* job, size_t max_samples) : job_(job), max_samples_(max_samples) {}
  void Add(Advisory advisory) override { job_->advisories.push_back(std::move(advisory)); }
  void Malformed(const std::string& file, const std::string& reason) override {
    ++job_->malformed;
    if (job_->malformed_samples.size() < max_samples_) {
      job_->malformed_samples.push_back({file, reason});
    }
  }

 private:
  Job* job_;
  size_t max_samples_;
};

// One job per input; with fewer inputs than threads, input directories are split into their
// entries (name order, hidden ones skipped as the importers skip them) so that one directory
// of several feeds imports on every core.
absl::StatusOr<std::vector<Job>> PlanJobs(platform::FileSystem* fs,
                                          const std::vector<std::string>& inputs, int threads) {
  std::vector<Job> jobs;
  bool split = static_cast<int>(inputs.size()) < threads;
  for (const std::string& input : inputs) {
    auto stat = fs->Stat(input);
    if (!stat.ok()) return Annotate(stat.status(), "reading feeds");
    if (!split || stat->kind != platform::FileKind::kDirectory) {
      jobs.push_back({input});
      continue;
    }
    MOAT_ASSIGN_OR_RETURN(auto entries, fs->ListDir(input));
    std::string dir = input;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    for (const platform::DirEntry& entry : entries) {
      if (absl::StartsWith(entry.name, ".")) continue;
      if (entry.kind != platform::FileKind::kDirectory &&
          entry.kind != platform::FileKind::kRegular) {
        continue;
      }
      jobs.push_back({absl::StrCat(dir, "/", entry.name)});
    }
  }
  return jobs;
}

void RunJobs(platform::FileSystem* fs, const FeedImporter& importer, std::vector<Job>& jobs,
             int threads, size_t max_samples) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      BufferSink sink(&jobs[i], max_samples);
      jobs[i].stats = importer(fs, jobs[i].path, &sink);
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

}  // namespace

void MergeImportStats(std::vector<ImportStats>& into, const std::vector<ImportStats>& more) {
  for (const ImportStats& s : more) {
    auto it = std::find_if(into.begin(), into.end(),
                           [&](const ImportStats& x) { return x.source == s.source; });
    if (it == into.end()) {
      into.push_back(s);
      continue;
    }
    it->files += s.files;
    it->records += s.records;
    it->malformed += s.malformed;
    it->skipped += s.skipped;
    it->duplicates += s.duplicates;
    if (it->newest.empty() || (!s.newest.empty() && CompareTimestamps(s.newest, it->newest) > 0)) {
      it->newest = s.newest;
    }
  }
  std::sort(into.begin(), into.end(),
            [](const ImportStats& a, const ImportStats& b) { return a.source < b.source; });
}

absl::StatusOr<BuildReport> BuildDatabase(platform::FileSystem* fs, platform::Clock* clock,
                                          const FeedImporter& importer,
                                          const BuildOptions& options) {
  if (options.inputs.empty()) return absl::InvalidArgumentError("no feed inputs given");
  MOAT_ASSIGN_OR_RETURN(auto writer,
                        NewDatabaseWriter(options.db_path, {.built_at = options.built_at}));
  absl::Time start = clock->Now();
  int threads = options.jobs > 0
                    ? options.jobs
                    : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  MOAT_ASSIGN_OR_RETURN(std::vector<Job> jobs, PlanJobs(fs, options.inputs, threads));
  RunJobs(fs, importer, jobs, std::min<int>(threads, std::max<size_t>(jobs.size(), 1)),
          options.max_malformed_samples);
  BuildReport report;
  for (Job& job : jobs) {
    if (!job.stats.ok()) return job.stats.status();
    MergeImportStats(report.sources, *job.stats);
    for (Advisory& a : job.advisories) writer->Add(std::move(a));
    report.malformed += job.malformed;
    for (MalformedRecord& m : job.malformed_samples) {
      if (report.malformed_samples.size() < options.max_malformed_samples) {
        report.malformed_samples.push_back(std::move(m));
      }
    }
  }
  jobs.clear();
  absl::Time imported = clock->Now();
  report.import_time = imported - start;
  writer->SetDownloads(options.downloads);
  MOAT_RETURN_IF_ERROR(writer->Finish(report.sources));
  report.write_time = clock->Now() - imported;
  MOAT_ASSIGN_OR_RETURN(auto db, OpenVulnDatabase(options.db_path, {.max_connections = 1}));
  report.metadata = db->metadata();
  MOAT_ASSIGN_OR_RETURN(platform::FileStat stat, fs->Stat(options.db_path));
  report.database_bytes = stat.size;
  return report;
}

}  // namespace moat::vulndb
