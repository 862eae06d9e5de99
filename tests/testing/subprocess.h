// Runs a program for integration tests and captures its exit code, stdout and stderr.
#pragma once

#include <string>
#include <vector>

namespace moat::testing {

struct CommandResult {
  int exit_code = -1;  // 128+signal when killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] with the arguments; gives up (SIGKILL) after `timeout_seconds`.
CommandResult RunCommand(const std::vector<std::string>& argv, int timeout_seconds = 300);

// The moat binary under test ($MOAT_BINARY, set by ctest).
std::string MoatBinary();

}  // namespace moat::testing
