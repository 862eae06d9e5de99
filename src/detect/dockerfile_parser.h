// A Dockerfile parser for the checks: instructions with their flags and arguments, line
// continuations (escape directive), comments, exec (JSON) form, heredocs, build stages.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::detect {

struct DockerfileInstruction {
  std::string keyword;             // upper case: "FROM", "RUN", ...
  std::vector<std::string> flags;  // leading "--name=value" words: "--from=build", "--mount=..."
  std::string args;                // the rest, continuations joined, flags removed
  bool exec_form = false;          // args is a JSON array of strings
  std::vector<std::string> exec_args;  // its items when exec_form
  std::vector<std::string> heredocs;   // bodies of <<EOF heredocs, in order
  int line = 0;                        // 1-based line of the keyword
  std::string original;                // "RUN apt-get ..." as one line, for evidence

  // The value of flag `name` ("from" for --from=x), "" when absent.
  std::string Flag(absl::string_view name) const;
};

struct Dockerfile {
  char escape = '\\';
  std::vector<DockerfileInstruction> instructions;
};

inline constexpr size_t kMaxDockerfileBytes = 4 << 20;
inline constexpr size_t kMaxDockerfileInstructions = 20000;

// Parses `content`; errors name the file and line: "<path>:<line>: unknown instruction
// \"FOO\"", "<path>:<line>: RUN needs arguments", "<path>:<line>: heredoc \"EOF\" is not
// terminated", "<path>:<line>: NUL byte (not a text file)", "<path>: larger than 4194304 bytes",
// "<path>: more than 20000 instructions", "<path>: no instructions". Never crashes on hostile
// input.
absl::StatusOr<Dockerfile> ParseDockerfile(absl::string_view path, absl::string_view content);

}  // namespace moat::detect
