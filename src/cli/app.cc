#include "cli/app.h"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <sstream>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "cli/commands.h"
#include "cli/context.h"
#include "common/version.h"

namespace moat::cli {
namespace {

// Every subcommand, in the order `moat --help` lists them.
constexpr std::array<CommandSpec, 5> kCommands = {{
    {"scan", "Scan an image: inventory of OS and application packages and executables",
     &AddScanCommand},
    {"db", "Vulnerability database: build, update, info, signed export/import", &AddDbCommand},
    {"server", "Run the center: API, registry scans, CI/CD results, editions", &AddServerCommand},
    {"license", "License files: keygen, issue, show (verify)", &AddLicenseCommand},
    {"version", "Print the Moat version", &AddVersionCommand},
}};

}  // namespace

int ReportError(const Context& ctx, const absl::Status& status) {
  std::fprintf(ctx.err, "moat: error: %s\n", std::string(status.message()).c_str());
  return kExitError;
}

int RunApp(int argc, char** argv, Context& ctx) {
  CLI::App app{"Moat: container security center"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(kMoatVersion));
  std::function<int()> run;
  for (const CommandSpec& spec : kCommands) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.description);
    spec.add(*sub, ctx, &run);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::ostringstream out;
    std::ostringstream ignored;
    if (app.exit(e, out, ignored) == 0) {  // --help, --version
      std::fputs(out.str().c_str(), ctx.out);
      return kExitOk;
    }
    std::fprintf(ctx.err, "moat: error: %s\nRun 'moat --help' for usage.\n", e.what());
    return kExitUsage;
  }
  return run ? run() : kExitUsage;
}

int Main(int argc, char** argv) {
  platform::PosixFileSystem fs;
  Context ctx;
  ctx.fs = &fs;
  ctx.make_http_client = [](const platform::HttpClientOptions& options) {
    return platform::NewCurlHttpClient(options);
  };
  ctx.getenv = [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  ctx.err_is_terminal = ::isatty(STDERR_FILENO) == 1;
  ctx.out_is_terminal = ::isatty(STDOUT_FILENO) == 1;
  if (const char* home = std::getenv("HOME")) ctx.home = home;
  return RunApp(argc, argv, ctx);
}

}  // namespace moat::cli
