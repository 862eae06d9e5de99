// The subcommand table's entries: each adds its flags to a CLI11 subcommand and sets `run`.
#pragma once

#include <functional>

#include "CLI/CLI.hpp"
#include "cli/context.h"

namespace moat::cli {

using AddCommandFn = void (*)(CLI::App& sub, Context& ctx, std::function<int()>* run);

struct CommandSpec {
  const char* name;
  const char* description;
  AddCommandFn add;
};

void AddScanCommand(CLI::App& sub, Context& ctx, std::function<int()>* run);
void AddDbCommand(CLI::App& sub, Context& ctx, std::function<int()>* run);
void AddServerCommand(CLI::App& sub, Context& ctx, std::function<int()>* run);
void AddLicenseCommand(CLI::App& sub, Context& ctx, std::function<int()>* run);
void AddVersionCommand(CLI::App& sub, Context& ctx, std::function<int()>* run);

// Runs the app with an injected context (tests); Main() wires the real one.
int RunApp(int argc, char** argv, Context& ctx);

}  // namespace moat::cli
