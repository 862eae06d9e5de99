// Which CI/CD pipeline ran a scan (the `pipeline` object of the center's upload, see
// docs/design/server-api.md), read from the CI system's environment variables.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace moat::cli {

struct CiPipeline {
  std::string provider = "other";  // github, jenkins, gitlab or other
  std::string repository;          // org/repo
  std::string workflow;            // workflow, job or pipeline job name
  std::string run;                 // run or build number
  std::string commit;              // commit SHA
  std::string branch;
  std::string url;  // the run's page

  bool operator==(const CiPipeline&) const = default;
};

// Values given on the command line (--ci-repository, --ci-run, --ci-commit, --ci-branch); a
// non-empty one replaces the detected value.
struct CiOverrides {
  std::string repository;
  std::string run;
  std::string commit;
  std::string branch;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The pipeline of the first CI system whose marker variable is set (GITHUB_ACTIONS=true,
// JENKINS_URL, GITLAB_CI), else provider "other"; then the overrides. Missing variables leave
// fields empty. Never fails.
CiPipeline DetectCiPipeline(const EnvLookup& getenv, const CiOverrides& overrides = {});

// "org/repo" from a git remote URL: https://host/org/repo.git, git@host:org/repo.git,
// ssh://git@host:22/org/repo; "" when there is no path.
std::string RepositoryFromGitUrl(const std::string& url);

}  // namespace moat::cli
