// Checks of build commands (RUN scripts), one table shared by the image history detector and the
// Dockerfile checks: a rule with the same intent in both is the same code.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "detect/history_command.h"

namespace moat::detect {

struct CommandRule {
  absl::string_view history_id;     // "MOAT-HIST-001"; "" when the rule is for Dockerfiles only
  absl::string_view dockerfile_id;  // "MOAT-DS-010"; "" to report history_id in Dockerfiles too
  absl::string_view severity;
  absl::string_view title;
  absl::string_view fix;
};

struct CommandIssue {
  const CommandRule* rule = nullptr;
  std::string excerpt;  // the offending command (secrets masked), at most ~200 characters
};

// A RUN script and what it ran with.
struct RunScript {
  absl::string_view text;
  std::vector<ShellCommand> commands;   // SplitShellScript(text)
  std::vector<std::string> build_args;  // "NAME=value" in effect (history "|N ..." prefix)
  bool cache_mount = false;             // RUN --mount=type=cache: package caches do not stay
};

enum class CommandContext { kHistory, kDockerfile };

// Every rule of the table, in id order.
const std::vector<CommandRule>& CommandRules();

// Runs the rules of `context` on one script. Never fails; hostile scripts just find less.
std::vector<CommandIssue> CheckRunScript(const RunScript& script, CommandContext context);

// The checks the history detector also applies to ENV/ARG steps and the Dockerfile to ENV/ARG
// instructions: secrets (NAME=value with a secret name or a credential-shaped value) and
// TLS verification switched off (GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0, ...).
// `assignment` is "NAME=value".
void CheckAssignment(absl::string_view assignment, std::vector<CommandIssue>* out);

// The rule for an id of the table (nullptr when unknown).
const CommandRule* FindCommandRule(absl::string_view id);

// Joins words into a one-line excerpt of at most ~200 characters.
std::string CommandExcerpt(const std::vector<std::string>& words);

}  // namespace moat::detect
