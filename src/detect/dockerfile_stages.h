// Build stages of a parsed Dockerfile: each FROM with its image, alias and instructions, and
// the ARG defaults declared before the first FROM.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "detect/dockerfile_parser.h"

namespace moat::detect {

struct DockerfileStage {
  size_t from = 0;                   // index of the FROM instruction
  std::string image;                 // as written ("debian:12", "${BASE}", "build")
  std::string alias;                 // "AS name", lower case; "" when none
  int parent = -1;                   // index of the earlier stage `image` names, -1 for an image
  std::vector<size_t> instructions;  // indexes after the FROM, up to the next FROM
};

struct DockerfileStages {
  std::map<std::string, std::string> global_args;  // ARG NAME=default before the first FROM
  std::vector<DockerfileStage> stages;
};

DockerfileStages SplitStages(const Dockerfile& file);

// `text` with $NAME and ${NAME} (and ${NAME:-default}) replaced from `args`; unknown names stay.
std::string ExpandArgs(absl::string_view text, const std::map<std::string, std::string>& args);

}  // namespace moat::detect
