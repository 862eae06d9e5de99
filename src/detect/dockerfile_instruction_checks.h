// The Dockerfile checks that look at instructions and stages (FROM, USER, EXPOSE, ADD, COPY,
// WORKDIR, CMD, ENTRYPOINT, HEALTHCHECK, MAINTAINER, ARG/ENV secrets). RUN scripts go through
// the shared command table (history_checks.h).
#pragma once

#include <string>
#include <vector>

#include "detect/dockerfile_parser.h"
#include "detect/dockerfile_stages.h"

namespace moat::detect {

struct DockerfileContext {
  const Dockerfile& file;
  DockerfileStages stages;
};

struct DockerfileHit {
  size_t instruction = 0;  // index into file.instructions
  std::string excerpt;
};

// The shell script a RUN runs: the exec form's words (or its "sh -c" script) and its heredocs.
std::string RunScriptText(const DockerfileInstruction& ins);

using DockerfileCheck = void (*)(const DockerfileContext&, std::vector<DockerfileHit>*);

void CheckLatestTag(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckRootUser(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckPort22(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckAddInsteadOfCopy(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckCopyFromSelf(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckMultipleEntrypoint(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckPortRange(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckWorkdirRelative(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckCopyManyNoSlash(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckDuplicateAlias(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckWgetAndCurl(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckMultipleCmd(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckMaintainer(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckMultipleHealthcheck(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckNoHealthcheck(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckWorkdirSystem(const DockerfileContext& c, std::vector<DockerfileHit>* out);
void CheckSecretsInstructions(const DockerfileContext& c, std::vector<DockerfileHit>* out);

}  // namespace moat::detect
