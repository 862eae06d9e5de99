// Runs a program for integration tests and captures its exit code, stdout and stderr.
#pragma once

#include <cstdlib>
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

// The moat binary under test: $MOAT_BINARY, else the path CMake compiled into the test
// (MOAT_BINARY_PATH), else "moat". Inline so the definition of the including target applies.
inline std::string MoatBinary() {
  const char* env = std::getenv("MOAT_BINARY");
  if (env != nullptr && *env != '\0') return env;
#ifdef MOAT_BINARY_PATH
  return MOAT_BINARY_PATH;
#else
  return "moat";
#endif
}

}  // namespace moat::testing
