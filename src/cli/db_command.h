// `moat db`: the vulnerability database's subcommands (build, info, update, export, import,
// keygen), shared helpers for them.
#pragma once

#include <functional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "cli/context.h"
#include "vulndb/db_build.h"

namespace moat::cli {

// The database path: --db when given, else $MOAT_DB, else vulndb::DefaultDatabasePath.
std::string ResolveDbPath(const Context& ctx, const std::string& flag);

// Adds `--db PATH` to `sub`.
void AddDbPathFlag(CLI::App& sub, std::string& path);

// "8.5 MiB", "312 KiB", "900 B".
std::string HumanBytes(int64_t bytes);
// "3.52 s".
std::string HumanSeconds(absl::Duration duration);
// Per-source counts, malformed samples and the summary line of a build, on ctx.out.
void PrintBuildReport(const Context& ctx, const std::string& path,
                      const vulndb::BuildReport& report, absl::Duration total);

void AddDbBuildCommand(CLI::App& db, Context& ctx, std::function<int()>* run);
void AddDbInfoCommand(CLI::App& db, Context& ctx, std::function<int()>* run);
void AddDbUpdateCommand(CLI::App& db, Context& ctx, std::function<int()>* run);
void AddDbExportCommand(CLI::App& db, Context& ctx, std::function<int()>* run);
void AddDbImportCommand(CLI::App& db, Context& ctx, std::function<int()>* run);
void AddDbKeygenCommand(CLI::App& db, Context& ctx, std::function<int()>* run);

}  // namespace moat::cli
