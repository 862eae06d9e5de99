#include "cli/vuln_flags.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli/app.h"
#include "vulndb/database.h"
#include "vulndb/match.h"

namespace moat::cli {
namespace {

report::DatabaseInfo DatabaseInfoOf(const std::string& path, const vulndb::DatabaseMetadata& m) {
  report::DatabaseInfo info;
  info.path = path;
  info.schema_version = m.schema_version;
  info.built_at = m.built_at;
  info.sources = m.sources;
  return info;
}

// The database path and whether the user named it (--db) rather than it being the default.
std::pair<std::string, bool> DatabasePath(const Context& ctx, const VulnFlags& flags) {
  if (!flags.db.empty()) return {flags.db, true};
  std::string env = ctx.getenv ? ctx.getenv("MOAT_DB").value_or("") : "";
  return {vulndb::DefaultDatabasePath(env, ctx.home), false};
}

}  // namespace

void AddVulnFlags(CLI::App& sub, VulnFlags& flags) {
  sub.add_option("--db", flags.db,
                 "Vulnerability database file (default: $MOAT_DB, else /var/lib/moat/db/moat.db "
                 "or ~/.cache/moat/db/moat.db)");
  sub.add_flag("--skip-vulns", flags.skip, "Do not match vulnerabilities; report the inventory");
  sub.add_flag("--ignore-unfixed", flags.ignore_unfixed,
               "Leave out vulnerabilities without a fixed version (unfixed, will-not-fix, "
               "end-of-life)");
}

absl::Status MatchVulnerabilities(Context& ctx, const VulnFlags& flags, bool quiet, bool required,
                                  report::ScanResult& result) {
  if (flags.skip) return absl::OkStatus();
  auto [path, named] = DatabasePath(ctx, flags);
  if (!ctx.fs->Stat(path).ok()) {
    std::string what = absl::StrCat("no vulnerability database at ", path,
                                    "; run `moat db update` or `moat db build`");
    if (named || required) return absl::FailedPreconditionError(what);
    if (!quiet) std::fprintf(ctx.err, "moat: warning: %s\n", what.c_str());
    return absl::OkStatus();
  }
  absl::StatusOr<std::unique_ptr<vulndb::VulnDatabase>> db = vulndb::OpenVulnDatabase(path);
  if (!db.ok()) return db.status();
  vulndb::MatchOptions options;
  options.include_not_fixed = !flags.ignore_unfixed;
  vulndb::MatchStats stats;
  auto found = vulndb::MatchInventory(result.inventory, **db, options, &stats);
  if (!found.ok()) return found.status();
  result.database = DatabaseInfoOf(path, (*db)->metadata());
  result.vulnerabilities = std::move(*found);
  if (!quiet) {
    for (const std::string& warning : vulndb::MatchWarnings(stats)) {
      std::fprintf(ctx.err, "moat: warning: %s\n", warning.c_str());
    }
  }
  return absl::OkStatus();
}

}  // namespace moat::cli
