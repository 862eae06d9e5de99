#include "cli/ci_metadata.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace moat::cli {
namespace {

// Unset and empty variables read the same: CI systems export empty values for "not known".
class Env {
 public:
  explicit Env(const EnvLookup& getenv) : getenv_(getenv) {}
  std::string Get(const char* name) const {
    if (!getenv_) return "";
    return getenv_(name).value_or("");
  }

 private:
  const EnvLookup& getenv_;
};

using Transform = std::string (*)(const Env& env, std::string value);

// One field of the pipeline: the first non-empty variable of `vars`, passed through
// `transform` (which may also read other variables) when there is one.
struct FieldRule {
  std::string CiPipeline::*field;
  std::array<const char*, 2> vars;
  Transform transform = nullptr;
};

struct ProviderRule {
  const char* provider;
  const char* marker;        // the variable that says "this CI ran the scan"
  const char* marker_value;  // its required value; nullptr: any non-empty value
  std::array<FieldRule, 6> fields;
};

// "42", or "42 (attempt 2)" for a re-run.
std::string GitHubRun(const Env& env, std::string number) {
  std::string attempt = env.Get("GITHUB_RUN_ATTEMPT");
  if (number.empty() || attempt.empty() || attempt == "1") return number;
  return absl::StrCat(number, " (attempt ", attempt, ")");
}

std::string GitHubRunUrl(const Env& env, std::string run_id) {
  std::string server = env.Get("GITHUB_SERVER_URL");
  std::string repository = env.Get("GITHUB_REPOSITORY");
  if (server.empty() || repository.empty() || run_id.empty()) return "";
  return absl::StrCat(absl::StripSuffix(server, "/"), "/", repository, "/actions/runs/", run_id);
}

// GIT_URL names the repository; JOB_NAME (the fallback) is Jenkins' own name for the job.
std::string JenkinsRepository(const Env& env, std::string) {
  std::string from_git = RepositoryFromGitUrl(env.Get("GIT_URL"));
  return from_git.empty() ? env.Get("JOB_NAME") : from_git;
}

// Jenkins' GIT_BRANCH is the remote-tracking name ("origin/main").
std::string LocalBranch(const Env&, std::string branch) {
  absl::string_view name = branch;
  absl::ConsumePrefix(&name, "refs/heads/");
  absl::ConsumePrefix(&name, "origin/");
  return std::string(name);
}

constexpr std::array<ProviderRule, 3> kProviders = {{
    {"github",
     "GITHUB_ACTIONS",
     "true",
     {{{&CiPipeline::repository, {"GITHUB_REPOSITORY", nullptr}},
       {&CiPipeline::workflow, {"GITHUB_WORKFLOW", nullptr}},
       {&CiPipeline::run, {"GITHUB_RUN_NUMBER", nullptr}, &GitHubRun},
       {&CiPipeline::commit, {"GITHUB_SHA", nullptr}},
       // GITHUB_HEAD_REF is the pull request's source branch, set only on pull requests.
       {&CiPipeline::branch, {"GITHUB_HEAD_REF", "GITHUB_REF_NAME"}},
       {&CiPipeline::url, {"GITHUB_RUN_ID", nullptr}, &GitHubRunUrl}}}},
    {"jenkins",
     "JENKINS_URL",
     nullptr,
     {{{&CiPipeline::repository, {nullptr, nullptr}, &JenkinsRepository},
       {&CiPipeline::workflow, {"JOB_NAME", nullptr}},
       {&CiPipeline::run, {"BUILD_NUMBER", nullptr}},
       {&CiPipeline::commit, {"GIT_COMMIT", nullptr}},
       {&CiPipeline::branch, {"BRANCH_NAME", "GIT_BRANCH"}, &LocalBranch},
       {&CiPipeline::url, {"BUILD_URL", nullptr}}}}},
    {"gitlab",
     "GITLAB_CI",
     nullptr,
     {{{&CiPipeline::repository, {"CI_PROJECT_PATH", nullptr}},
       {&CiPipeline::workflow, {"CI_JOB_NAME", nullptr}},
       {&CiPipeline::run, {"CI_PIPELINE_ID", nullptr}},
       {&CiPipeline::commit, {"CI_COMMIT_SHA", nullptr}},
       {&CiPipeline::branch, {"CI_COMMIT_REF_NAME", nullptr}},
       {&CiPipeline::url, {"CI_PIPELINE_URL", nullptr}}}}},
}};

bool Detected(const Env& env, const ProviderRule& rule) {
  std::string marker = env.Get(rule.marker);
  return rule.marker_value == nullptr ? !marker.empty() : marker == rule.marker_value;
}

void Fill(const Env& env, const ProviderRule& rule, CiPipeline& pipeline) {
  pipeline.provider = rule.provider;
  for (const FieldRule& field : rule.fields) {
    std::string value;
    for (const char* var : field.vars) {
      if (var != nullptr && value.empty()) value = env.Get(var);
    }
    if (field.transform != nullptr) value = field.transform(env, std::move(value));
    pipeline.*field.field = std::move(value);
  }
}

void Override(const std::string& value, std::string& field) {
  if (!value.empty()) field = value;
}

}  // namespace

std::string RepositoryFromGitUrl(const std::string& url) {
  absl::string_view rest = url;
  if (size_t scheme = rest.find("://"); scheme != absl::string_view::npos) {
    rest.remove_prefix(scheme + 3);
    size_t slash = rest.find('/');
    if (slash == absl::string_view::npos) return "";
    rest.remove_prefix(slash + 1);  // host[:port] and user
  } else if (size_t colon = rest.find(':'); colon != absl::string_view::npos) {
    rest.remove_prefix(colon + 1);  // scp-like: git@host:org/repo.git
  } else {
    return "";
  }
  absl::ConsumeSuffix(&rest, "/");
  absl::ConsumeSuffix(&rest, ".git");
  absl::ConsumePrefix(&rest, "/");
  return std::string(rest);
}

CiPipeline DetectCiPipeline(const EnvLookup& getenv, const CiOverrides& overrides) {
  Env env(getenv);
  CiPipeline pipeline;
  for (const ProviderRule& rule : kProviders) {
    if (Detected(env, rule)) {
      Fill(env, rule, pipeline);
      break;
    }
  }
  Override(overrides.repository, pipeline.repository);
  Override(overrides.run, pipeline.run);
  Override(overrides.commit, pipeline.commit);
  Override(overrides.branch, pipeline.branch);
  return pipeline;
}

}  // namespace moat::cli
