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

// Index in report::ReportSeverities() (0 = critical), or -1.
int SeverityIndex(absl::string_view severity) {
  const auto& all = report::ReportSeverities();
  auto it = std::find(all.begin(), all.end(), absl::AsciiStrToLower(severity));
  return it == all.end() ? -1 : static_cast<int>(it - all.begin());
}

std::vector<std::string> SeverityList(const std::string& list) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
    out.push_back(absl::AsciiStrToLower(absl::StripAsciiWhitespace(part)));
  }
  return out;
}

absl::Status UnknownSeverity(absl::string_view flag, absl::string_view value) {
  return absl::InvalidArgumentError(
      absl::StrCat(flag, ": unknown severity \"", value,
                   "\" (valid: ", absl::StrJoin(report::ReportSeverities(), ", "), ")"));
}

bool PolicyGiven(const VulnFlags& flags) { return !flags.fail_on.empty() || flags.exit_code >= 0; }

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
  sub.add_option("--severity", flags.severity,
                 "Severities to show, comma-separated (critical,high,medium,low,negligible,"
                 "unknown); default all");
  sub.add_option("--fail-on", flags.fail_on,
                 "Exit 1 (or --exit-code) when a vulnerability at or above this severity is "
                 "found, shown or not");
  sub.add_option("--exit-code", flags.exit_code,
                 "Exit code when --fail-on triggers; alone: when any vulnerability is shown");
}

absl::Status ValidateVulnFlags(const VulnFlags& flags) {
  for (const std::string& s : SeverityList(flags.severity)) {
    if (SeverityIndex(s) < 0) return UnknownSeverity("--severity", s);
  }
  if (!flags.fail_on.empty() && SeverityIndex(flags.fail_on) < 0) {
    return UnknownSeverity("--fail-on", flags.fail_on);
  }
  if (flags.exit_code > 255 || (flags.exit_code < 0 && flags.exit_code != -1)) {
    return absl::InvalidArgumentError("--exit-code: must be 0..255");
  }
  if (flags.skip && PolicyGiven(flags)) {
    return absl::InvalidArgumentError(
        "--skip-vulns cannot be combined with --fail-on or --exit-code");
  }
  return absl::OkStatus();
}

absl::Status MatchVulnerabilities(Context& ctx, const VulnFlags& flags, bool quiet,
                                  report::ScanResult& result) {
  if (flags.skip) return absl::OkStatus();
  auto [path, named] = DatabasePath(ctx, flags);
  if (!ctx.fs->Stat(path).ok()) {
    std::string what = absl::StrCat("no vulnerability database at ", path,
                                    "; run `moat db update` or `moat db build`");
    if (named || PolicyGiven(flags)) return absl::FailedPreconditionError(what);
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

void FilterShownSeverities(const VulnFlags& flags, std::vector<vulndb::Vulnerability>& findings) {
  std::vector<std::string> shown = SeverityList(flags.severity);
  if (shown.empty()) return;
  findings.erase(std::remove_if(findings.begin(), findings.end(),
                                [&shown](const vulndb::Vulnerability& v) {
                                  std::string severity =
                                      SeverityIndex(v.severity) < 0 ? "unknown" : v.severity;
                                  return std::find(shown.begin(), shown.end(), severity) ==
                                         shown.end();
                                }),
                 findings.end());
}

int PolicyExitCode(const VulnFlags& flags, const std::vector<vulndb::Vulnerability>& findings) {
  if (!PolicyGiven(flags)) return kExitOk;
  int code = flags.exit_code >= 0 ? flags.exit_code : kExitFindings;
  // --fail-on unknown (the lowest) and --exit-code alone fail on any finding.
  int threshold = flags.fail_on.empty() ? static_cast<int>(report::ReportSeverities().size()) - 1
                                        : SeverityIndex(flags.fail_on);
  for (const auto& v : findings) {
    int index = SeverityIndex(v.severity);
    if (index < 0) index = static_cast<int>(report::ReportSeverities().size()) - 1;
    if (index <= threshold) return code;
  }
  return kExitOk;
}

}  // namespace moat::cli
