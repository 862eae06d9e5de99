// `moat db update`: download the feeds a sources config names and install a fresh database.
#include "absl/strings/str_cat.h"
#include "cli/app.h"
#include "cli/db_command.h"
#include "common/status.h"
#include "vulndb/db_sources.h"
#include "vulndb/db_update.h"

namespace moat::cli {
namespace {

constexpr size_t kMaxSourcesBytes = 1 << 20;

struct UpdateFlags {
  std::string sources;
  std::string db;
  std::string work_dir;
  std::string ca_file;
  bool insecure = false;
  bool print_sources = false;
  bool quiet = false;
  int jobs = 0;
  double timeout_seconds = 60;
};

absl::StatusOr<std::vector<vulndb::FeedSource>> LoadSources(Context& ctx,
                                                            const UpdateFlags& flags) {
  std::string path = flags.sources;
  if (path.empty() && ctx.getenv) path = ctx.getenv("MOAT_DB_SOURCES").value_or("");
  if (path.empty()) return vulndb::DefaultFeedSources();
  auto text = ctx.fs->ReadFile(path, kMaxSourcesBytes);
  if (!text.ok()) return Annotate(text.status(), "reading the sources config");
  return vulndb::ParseFeedSources(*text, path);
}

int RunUpdate(Context& ctx, const UpdateFlags& flags) {
  auto feeds = LoadSources(ctx, flags);
  if (!feeds.ok()) return ReportError(ctx, feeds.status());
  if (flags.print_sources) {
    std::fputs(vulndb::FeedSourcesJson(*feeds).c_str(), ctx.out);
    return kExitOk;
  }
  platform::HttpClientOptions http_options;
  http_options.ca_file = flags.ca_file;
  http_options.insecure_skip_verify = flags.insecure;
  http_options.idle_timeout = absl::Seconds(flags.timeout_seconds);
  std::unique_ptr<platform::HttpClient> http = ctx.make_http_client(http_options);
  vulndb::UpdateOptions options;
  options.feeds = std::move(*feeds);
  options.db_path = ResolveDbPath(ctx, flags.db);
  options.work_dir = flags.work_dir;
  options.jobs = flags.jobs;
  vulndb::UpdateProgress progress;
  if (!flags.quiet) {
    progress = [&ctx](absl::string_view line) {
      std::fprintf(ctx.err, "moat: %s\n", std::string(line).c_str());
    };
  }
  platform::RealClock clock;
  absl::Time start = clock.Now();
  auto report =
      vulndb::UpdateDatabase(ctx.fs, http.get(), &clock, vulndb::ImportFeedPath, options, progress);
  if (!report.ok()) {
    return ReportError(ctx, Annotate(report.status(), absl::StrCat("updating ", options.db_path)));
  }
  PrintBuildReport(ctx, options.db_path, report->build, clock.Now() - start);
  std::fprintf(ctx.out, "Downloaded %zu feeds in %s\n", report->downloads.size(),
               HumanSeconds(report->download_time).c_str());
  return kExitOk;
}

}  // namespace

void AddDbUpdateCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = db.add_subcommand(
      "update", "Download the advisory feeds and install a freshly built database");
  auto flags = std::make_shared<UpdateFlags>();
  sub->add_option("--sources", flags->sources,
                  "Sources config (JSON: feeds with URLs and mirrors; default: $MOAT_DB_SOURCES, "
                  "else the built-in upstream list, see --print-sources)");
  AddDbPathFlag(*sub, flags->db);
  sub->add_option("--work-dir", flags->work_dir,
                  "Where downloads are unpacked (default: the database's directory)");
  sub->add_option("--ca-file", flags->ca_file, "Extra trusted CA certificates (PEM)");
  sub->add_flag("--insecure", flags->insecure, "Skip TLS certificate verification");
  sub->add_option("--timeout", flags->timeout_seconds,
                  "Seconds without progress before a download fails")
      ->capture_default_str();
  sub->add_option("--jobs,-j", flags->jobs, "Import threads (default: CPU count)");
  sub->add_flag("--print-sources", flags->print_sources,
                "Print the sources config in use (a starting point for your own) and exit");
  sub->add_flag("--quiet,-q", flags->quiet, "No progress on stderr");
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunUpdate(ctx, *flags); }; });
}

}  // namespace moat::cli
