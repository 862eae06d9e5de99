// `moat db` and its subcommand table; `moat db build` and `moat db info`.
#include "cli/db_command.h"

#include <array>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli/app.h"
#include "cli/commands.h"
#include "common/json.h"
#include "vulndb/database.h"
#include "vulndb/db_build.h"

namespace moat::cli {
namespace {

using AddDbSubcommandFn = void (*)(CLI::App& db, Context& ctx, std::function<int()>* run);

constexpr std::array<AddDbSubcommandFn, 6> kDbCommands = {
    &AddDbBuildCommand,  &AddDbInfoCommand,   &AddDbUpdateCommand,
    &AddDbExportCommand, &AddDbImportCommand, &AddDbKeygenCommand,
};

struct BuildFlags {
  std::vector<std::string> from;
  std::string db;
  int jobs = 0;
};

struct InfoFlags {
  std::string db;
  std::string format = "table";
};

void PrintSources(std::FILE* out, const std::vector<vulndb::ImportStats>& sources) {
  std::fprintf(out, "%-14s %8s %9s %9s %8s  %s\n", "SOURCE", "FILES", "RECORDS", "MALFORMED",
               "SKIPPED", "NEWEST");
  for (const vulndb::ImportStats& s : sources) {
    std::fprintf(out, "%-14s %8lld %9lld %9lld %8lld  %s\n", s.source.c_str(),
                 static_cast<long long>(s.files), static_cast<long long>(s.records),
                 static_cast<long long>(s.malformed), static_cast<long long>(s.skipped),
                 s.newest.empty() ? "-" : s.newest.c_str());
  }
}

int RunBuild(Context& ctx, const BuildFlags& flags) {
  vulndb::BuildOptions options;
  options.inputs = flags.from;
  options.db_path = ResolveDbPath(ctx, flags.db);
  options.jobs = flags.jobs;
  platform::RealClock clock;
  absl::Time start = clock.Now();
  auto report = vulndb::BuildDatabase(ctx.fs, &clock, vulndb::ImportFeedPath, options);
  if (!report.ok()) return ReportError(ctx, report.status());
  PrintBuildReport(ctx, options.db_path, *report, clock.Now() - start);
  return kExitOk;
}

std::string MetadataJson(const std::string& path, int64_t size, const vulndb::DatabaseMetadata& m) {
  Json sources = Json::array();
  for (const vulndb::ImportStats& s : m.sources) {
    sources.push_back({{"source", s.source},
                       {"files", s.files},
                       {"records", s.records},
                       {"malformed", s.malformed},
                       {"skipped", s.skipped},
                       {"newest", s.newest}});
  }
  Json downloads = Json::array();
  for (const vulndb::FeedDownload& d : m.downloads) {
    downloads.push_back(
        {{"feed", d.feed}, {"url", d.url}, {"bytes", d.bytes}, {"sha256", d.sha256}});
  }
  Json info = {{"path", path},
               {"sizeBytes", size},
               {"schemaVersion", m.schema_version},
               {"builtAt", m.built_at},
               {"moatVersion", m.moat_version},
               {"advisories", m.advisories},
               {"affectedEntries", m.affected_entries},
               {"sources", sources},
               {"downloads", downloads}};
  return DumpJson(info, 2) + "\n";
}

int RunInfo(Context& ctx, const InfoFlags& flags) {
  if (flags.format != "table" && flags.format != "json") {
    std::fprintf(ctx.err, "moat: error: --format must be table or json, not %s\n",
                 flags.format.c_str());
    return kExitUsage;
  }
  std::string path = ResolveDbPath(ctx, flags.db);
  auto db = vulndb::OpenVulnDatabase(path, {.max_connections = 1});
  if (!db.ok()) return ReportError(ctx, db.status());
  auto stat = ctx.fs->Stat(path);
  int64_t size = stat.ok() ? stat->size : 0;
  const vulndb::DatabaseMetadata& m = (*db)->metadata();
  if (flags.format == "json") {
    std::fputs(MetadataJson(path, size, m).c_str(), ctx.out);
    return kExitOk;
  }
  std::fprintf(ctx.out, "Database:   %s (%s)\n", path.c_str(), HumanBytes(size).c_str());
  std::fprintf(ctx.out, "Schema:     %d\n", m.schema_version);
  std::fprintf(ctx.out, "Built at:   %s by moat %s\n", m.built_at.c_str(), m.moat_version.c_str());
  std::fprintf(ctx.out, "Advisories: %lld (%lld affected entries)\n",
               static_cast<long long>(m.advisories), static_cast<long long>(m.affected_entries));
  std::fputc('\n', ctx.out);
  PrintSources(ctx.out, m.sources);
  if (!m.downloads.empty()) {
    std::fprintf(ctx.out, "\n%-20s %12s  %-64s  %s\n", "FEED", "BYTES", "SHA256", "URL");
    for (const vulndb::FeedDownload& d : m.downloads) {
      std::fprintf(ctx.out, "%-20s %12lld  %-64s  %s\n", d.feed.c_str(),
                   static_cast<long long>(d.bytes), d.sha256.c_str(), d.url.c_str());
    }
  }
  return kExitOk;
}

}  // namespace

std::string ResolveDbPath(const Context& ctx, const std::string& flag) {
  if (!flag.empty()) return flag;
  std::string env;
  if (ctx.getenv) env = ctx.getenv("MOAT_DB").value_or("");
  return vulndb::DefaultDatabasePath(env, ctx.home);
}

void AddDbPathFlag(CLI::App& sub, std::string& path) {
  sub.add_option("--db", path,
                 "Database file (default: $MOAT_DB, else /var/lib/moat/db/moat.db when "
                 "writable, else ~/.cache/moat/db/moat.db)");
}

std::string HumanBytes(int64_t bytes) {
  if (bytes >= (int64_t{1} << 30)) return absl::StrFormat("%.1f GiB", bytes / 1073741824.0);
  if (bytes >= (int64_t{1} << 20)) return absl::StrFormat("%.1f MiB", bytes / 1048576.0);
  if (bytes >= (int64_t{1} << 10)) return absl::StrFormat("%.1f KiB", bytes / 1024.0);
  return absl::StrCat(bytes, " B");
}

std::string HumanSeconds(absl::Duration duration) {
  return absl::StrFormat("%.2f s", absl::ToDoubleSeconds(duration));
}

void PrintBuildReport(const Context& ctx, const std::string& path,
                      const vulndb::BuildReport& report, absl::Duration total) {
  PrintSources(ctx.out, report.sources);
  if (report.malformed > 0) {
    std::fprintf(ctx.out, "\n%lld malformed records skipped; the first %zu:\n",
                 static_cast<long long>(report.malformed), report.malformed_samples.size());
    for (const vulndb::MalformedRecord& m : report.malformed_samples) {
      std::fprintf(ctx.out, "  %s: %s\n", m.file.c_str(), m.reason.c_str());
    }
  }
  std::fprintf(ctx.out,
               "\nWrote %s: %lld advisories, %lld affected entries, %s in %s (import %s, "
               "write %s)\n",
               path.c_str(), static_cast<long long>(report.metadata.advisories),
               static_cast<long long>(report.metadata.affected_entries),
               HumanBytes(report.database_bytes).c_str(), HumanSeconds(total).c_str(),
               HumanSeconds(report.import_time).c_str(), HumanSeconds(report.write_time).c_str());
}

void AddDbBuildCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = db.add_subcommand("build", "Build the database from feed files on disk");
  auto flags = std::make_shared<BuildFlags>();
  sub->add_option("--from", flags->from,
                  "Feed file or directory (OSV JSON/YAML, secdb, Debian tracker, CSAF, ...); "
                  "repeatable")
      ->required()
      ->expected(1, -1);
  AddDbPathFlag(*sub, flags->db);
  sub->add_option("--jobs,-j", flags->jobs, "Import threads (default: CPU count)");
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunBuild(ctx, *flags); }; });
}

void AddDbInfoCommand(CLI::App& db, Context& ctx, std::function<int()>* run) {
  CLI::App* sub = db.add_subcommand("info", "Show the database's schema, build time and sources");
  auto flags = std::make_shared<InfoFlags>();
  AddDbPathFlag(*sub, flags->db);
  sub->add_option("--format,-f", flags->format, "Output format: table, json")
      ->capture_default_str();
  sub->callback([&ctx, flags, run] { *run = [&ctx, flags] { return RunInfo(ctx, *flags); }; });
}

void AddDbCommand(CLI::App& sub, Context& ctx, std::function<int()>* run) {
  sub.require_subcommand(1);
  for (AddDbSubcommandFn add : kDbCommands) add(sub, ctx, run);
}

}  // namespace moat::cli
