// Build commands as images record them (history created_by) and Dockerfiles write them (RUN): the
// instruction with its build arguments, and a shell script split into simple commands.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::detect {

struct BuildStep {
  std::string instruction;              // upper case: "RUN", "COPY", "ADD", "ENV", "CMD", ...
  std::string text;                     // what follows it; for RUN the shell script
  std::vector<std::string> build_args;  // "NAME=value" of a "|N NAME=value ..." prefix
};

// Parses one history created_by, never failing:
//   "/bin/sh -c #(nop)  CMD [\"x\"]"  -> CMD ["x"]
//   "/bin/sh -c apt-get update"        -> RUN apt-get update
//   "|2 A=1 B=2 /bin/sh -c make"       -> RUN make, build args A=1 B=2
//   "RUN |1 A=1 /bin/sh -c make # buildkit" -> RUN make, build arg A=1
//   "ENV A=b", "COPY x /y # buildkit"  -> ENV A=b, COPY x /y
//   anything else ("debootstrap ...")  -> RUN with the whole text
BuildStep ParseCreatedBy(absl::string_view created_by);

struct ShellCommand {
  std::vector<std::string> assignments;  // leading NAME=value words, quotes removed
  std::vector<std::string> words;        // the command and its arguments, quotes removed
  bool reads_pipe = false;               // stdin is the previous command's stdout ("a | b")
};

inline constexpr size_t kMaxShellCommands = 4096;
inline constexpr size_t kMaxShellWords = 4096;  // per command

// Splits a shell script into simple commands at ; && || | & ( ) and newlines, removing quotes
// and line continuations (best effort, no expansion: "$(curl x)" stays one word). Comments and
// shell keywords that open a command (if, then, do, ...) are dropped. At most kMaxShellCommands
// commands of kMaxShellWords words are kept.
std::vector<ShellCommand> SplitShellScript(absl::string_view script);

// Index in command.words of the program actually run past wrappers (sudo, env, exec, nohup,
// time, command) and their options; words.size() when there is none.
size_t ProgramIndex(const ShellCommand& command);

// The program's base name ("/usr/bin/apt-get" -> "apt-get"), "" when there is none.
absl::string_view ProgramName(const ShellCommand& command);

// The words after the program.
std::vector<absl::string_view> ProgramArgs(const ShellCommand& command);

// ENV/ARG/LABEL arguments as "NAME=value" items: "A=1 B=\"x y\"" -> A=1, B=x y; the legacy
// "NAME some value" form -> NAME=some value; "NAME" (ARG without default) -> NAME.
std::vector<std::string> ParseKeyValues(absl::string_view text);

// "NAME=value" -> NAME and value; false when `word` is no assignment (NAME is
// [A-Za-z_][A-Za-z0-9_]*).
bool SplitAssignment(absl::string_view word, absl::string_view* name, absl::string_view* value);

}  // namespace moat::detect
