// The moat command line: subcommands from one table, exit codes as in STYLE.md.
#pragma once

namespace moat::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;

// Parses argv, runs the chosen subcommand with the real platform, returns the exit code.
int Main(int argc, char** argv);

}  // namespace moat::cli
