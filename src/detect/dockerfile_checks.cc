#include "detect/dockerfile_checks.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "detect/config_detector.h"
#include "detect/dockerfile_instruction_checks.h"
#include "detect/dockerfile_stages.h"
#include "detect/history_checks.h"
#include "detect/history_command.h"

namespace moat::detect {
namespace {

struct DsRule {
  absl::string_view id;
  absl::string_view severity;
  absl::string_view title;
  absl::string_view fix;
  DockerfileCheck check;
};

const std::vector<DsRule>& DsRules() {
  static const std::vector<DsRule>* rules = new std::vector<DsRule>{
      {"MOAT-DS-001", "medium", "Base image without a pinned tag (':latest' or none)",
       "Pin the base image to a version tag, better to a digest (FROM debian:12@sha256:...).",
       CheckLatestTag},
      {"MOAT-DS-002", "high", "Image runs as root",
       "Add USER with an unprivileged user to the final stage.", CheckRootUser},
      {"MOAT-DS-004", "medium", "SSH port 22 exposed",
       "Do not run an SSH server in a container; use docker exec or kubectl exec.", CheckPort22},
      {"MOAT-DS-005", "low", "ADD used where COPY would do",
       "Use COPY for local files; ADD only to unpack a local tar archive.", CheckAddInsteadOfCopy},
      {"MOAT-DS-006", "high", "COPY --from refers to the current stage",
       "COPY --from must name an earlier stage or an image, never the stage it is in.",
       CheckCopyFromSelf},
      {"MOAT-DS-007", "medium", "Several ENTRYPOINT instructions in one stage",
       "Keep one ENTRYPOINT per stage; only the last one takes effect.", CheckMultipleEntrypoint},
      {"MOAT-DS-008", "medium", "Exposed port out of range", "Use port numbers from 0 to 65535.",
       CheckPortRange},
      {"MOAT-DS-009", "medium", "WORKDIR path not absolute",
       "Use an absolute path in WORKDIR, so it does not depend on the previous one.",
       CheckWorkdirRelative},
      {"MOAT-DS-011", "high", "COPY with several sources to a destination without a slash",
       "End the destination with / when copying more than one source.", CheckCopyManyNoSlash},
      {"MOAT-DS-012", "high", "Same alias for two build stages",
       "Give every stage a unique name in FROM ... AS name.", CheckDuplicateAlias},
      {"MOAT-DS-014", "low", "Both wget and curl used",
       "Use one download tool throughout the Dockerfile, so the image carries only one.",
       CheckWgetAndCurl},
      {"MOAT-DS-016", "medium", "Several CMD instructions in one stage",
       "Keep one CMD per stage; only the last one takes effect.", CheckMultipleCmd},
      {"MOAT-DS-022", "low", "Deprecated MAINTAINER used",
       "Use LABEL org.opencontainers.image.authors=... instead of MAINTAINER.", CheckMaintainer},
      {"MOAT-DS-023", "low", "Several HEALTHCHECK instructions in one stage",
       "Keep one HEALTHCHECK per stage; only the last one takes effect.", CheckMultipleHealthcheck},
      {"MOAT-DS-026", "low", "No HEALTHCHECK in the final stage",
       "Add a HEALTHCHECK so a hung container is noticed and restarted.", CheckNoHealthcheck},
      {"MOAT-DS-030", "high", "WORKDIR in a system directory",
       "Never use /proc, /sys, /dev, /boot or similar as WORKDIR; use an application directory.",
       CheckWorkdirSystem},
      {"MOAT-DS-031", "high", "Secret in ARG, ENV or a copied file",
       "Pass secrets with RUN --mount=type=secret; ARG values, ENV and copied files stay in the "
       "image and its history.",
       CheckSecretsInstructions},
  };
  return *rules;
}

Finding MakeFinding(absl::string_view id, absl::string_view severity, absl::string_view title,
                    absl::string_view fix, absl::string_view path, int line, std::string excerpt) {
  Finding f = MoatFinding(Category::kConfig, id, severity, std::string(title), fix);
  f.evidence.path = std::string(path);
  f.evidence.line = line;
  f.evidence.excerpt = std::move(excerpt);
  return f;
}

std::vector<CommandIssue> RunIssues(const DockerfileInstruction& ins) {
  std::string text = RunScriptText(ins);
  RunScript script{text, SplitShellScript(text), {}, false};
  for (const std::string& f : ins.flags) {
    if (absl::StartsWith(f, "--mount=") && absl::StrContains(f, "type=cache")) {
      script.cache_mount = true;
    }
  }
  return CheckRunScript(script, CommandContext::kDockerfile);
}

// TLS switches in ENV; secrets in ENV are the instruction rule's (CheckSecretsInstructions).
std::vector<CommandIssue> EnvIssues(const DockerfileInstruction& ins) {
  std::vector<CommandIssue> issues;
  for (const std::string& item : ParseKeyValues(ins.args)) CheckAssignment(item, &issues);
  issues.erase(
      std::remove_if(issues.begin(), issues.end(),
                     [](const CommandIssue& i) { return i.rule->history_id == "MOAT-HIST-006"; }),
      issues.end());
  for (CommandIssue& i : issues) i.excerpt = absl::StrCat("ENV ", i.excerpt);
  return issues;
}

// The rules shared with the image checks: the command table on RUN and ENV, ADD from a URL.
void CheckSharedRules(const Dockerfile& file, absl::string_view path, std::vector<Finding>* out) {
  for (const DockerfileInstruction& ins : file.instructions) {
    std::vector<CommandIssue> issues;
    if (ins.keyword == "RUN") issues = RunIssues(ins);
    if (ins.keyword == "ENV") issues = EnvIssues(ins);
    if (ins.keyword == "ADD" && AddsUnverifiedUrl(ins.original.substr(4))) {
      Finding f = AddFromUrlFinding(CommandExcerpt({ins.original}));
      f.evidence.path = std::string(path);
      f.evidence.line = ins.line;
      out->push_back(std::move(f));
    }
    for (CommandIssue& issue : issues) {
      const CommandRule& r = *issue.rule;
      absl::string_view id = r.dockerfile_id.empty() ? r.history_id : r.dockerfile_id;
      out->push_back(
          MakeFinding(id, r.severity, r.title, r.fix, path, ins.line, std::move(issue.excerpt)));
    }
  }
}

bool FindingBefore(const Finding& a, const Finding& b) {
  return std::tie(a.evidence.line, a.rule_id, a.evidence.excerpt) <
         std::tie(b.evidence.line, b.rule_id, b.evidence.excerpt);
}

}  // namespace

std::vector<Finding> CheckDockerfile(const Dockerfile& file, absl::string_view path) {
  std::vector<Finding> out;
  DockerfileContext ctx{file, SplitStages(file)};
  for (const DsRule& rule : DsRules()) {
    std::vector<DockerfileHit> hits;
    rule.check(ctx, &hits);
    for (DockerfileHit& hit : hits) {
      if (hit.instruction >= file.instructions.size()) continue;
      out.push_back(MakeFinding(rule.id, rule.severity, rule.title, rule.fix, path,
                                file.instructions[hit.instruction].line, std::move(hit.excerpt)));
    }
  }
  CheckSharedRules(file, path, &out);
  std::stable_sort(out.begin(), out.end(), FindingBefore);
  return out;
}

absl::StatusOr<std::vector<Finding>> ScanDockerfile(absl::string_view path,
                                                    absl::string_view content) {
  auto parsed = ParseDockerfile(path, content);
  if (!parsed.ok()) return parsed.status();
  return CheckDockerfile(*parsed, path);
}

std::vector<DockerfileRuleInfo> DockerfileRules() {
  std::vector<DockerfileRuleInfo> rules;
  // MOAT-DS-0nn has the intent of Trivy's DS-00nn.
  auto trivy = [](absl::string_view id) { return absl::StrCat("DS-0", id.substr(8)); };
  for (const DsRule& r : DsRules()) rules.push_back({r.id, trivy(r.id), r.severity, r.title});
  for (const CommandRule& r : CommandRules()) {
    if (r.dockerfile_id.empty() || r.dockerfile_id == "MOAT-DS-031") continue;
    rules.push_back({r.dockerfile_id, trivy(r.dockerfile_id), r.severity, r.title});
  }
  std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return rules;
}

}  // namespace moat::detect
