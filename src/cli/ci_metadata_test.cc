#include "cli/ci_metadata.h"

#include <map>

#include "gtest/gtest.h"

namespace moat::cli {
namespace {

EnvLookup EnvOf(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

CiPipeline Expected(std::string provider, std::string repository, std::string workflow,
                    std::string run, std::string commit, std::string branch, std::string url) {
  return CiPipeline{std::move(provider), std::move(repository), std::move(workflow), std::move(run),
                    std::move(commit),   std::move(branch),     std::move(url)};
}

const std::map<std::string, std::string> kGitHub = {
    {"GITHUB_ACTIONS", "true"},
    {"GITHUB_REPOSITORY", "acme/shop"},
    {"GITHUB_WORKFLOW", "build"},
    {"GITHUB_RUN_NUMBER", "42"},
    {"GITHUB_RUN_ATTEMPT", "1"},
    {"GITHUB_RUN_ID", "987654321"},
    {"GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"},
    {"GITHUB_REF_NAME", "main"},
    {"GITHUB_HEAD_REF", ""},
    {"GITHUB_SERVER_URL", "https://github.com"},
};

TEST(CiMetadataTest, GitHubPushRunFillsEveryField) {
  EXPECT_EQ(
      DetectCiPipeline(EnvOf(kGitHub)),
      Expected("github", "acme/shop", "build", "42", "0123456789abcdef0123456789abcdef01234567",
               "main", "https://github.com/acme/shop/actions/runs/987654321"));
}

TEST(CiMetadataTest, GitHubPullRequestUsesTheSourceBranchAndRerunsNameTheAttempt) {
  auto vars = kGitHub;
  vars["GITHUB_HEAD_REF"] = "feature/login";
  vars["GITHUB_REF_NAME"] = "17/merge";
  vars["GITHUB_RUN_ATTEMPT"] = "3";
  vars["GITHUB_SERVER_URL"] = "https://ghe.example.com/";
  CiPipeline pipeline = DetectCiPipeline(EnvOf(vars));
  EXPECT_EQ(pipeline.branch, "feature/login");
  EXPECT_EQ(pipeline.run, "42 (attempt 3)");
  EXPECT_EQ(pipeline.url, "https://ghe.example.com/acme/shop/actions/runs/987654321");
}

TEST(CiMetadataTest, GitHubNeedsActionsTrue) {
  auto vars = kGitHub;
  vars["GITHUB_ACTIONS"] = "false";
  EXPECT_EQ(DetectCiPipeline(EnvOf(vars)).provider, "other");
}

TEST(CiMetadataTest, GitHubWithoutRunIdHasNoUrl) {
  auto vars = kGitHub;
  vars.erase("GITHUB_RUN_ID");
  EXPECT_EQ(DetectCiPipeline(EnvOf(vars)).url, "");
}

TEST(CiMetadataTest, JenkinsRepositoryFromGitUrlAndBranchWithoutOrigin) {
  EXPECT_EQ(DetectCiPipeline(EnvOf({
                {"JENKINS_URL", "https://jenkins.example.com/"},
                {"JOB_NAME", "shop/main"},
                {"BUILD_NUMBER", "118"},
                {"BUILD_URL", "https://jenkins.example.com/job/shop/job/main/118/"},
                {"GIT_URL", "https://git.example.com/acme/shop.git"},
                {"GIT_COMMIT", "fedcba9876543210fedcba9876543210fedcba98"},
                {"GIT_BRANCH", "origin/release/2.x"},
            })),
            Expected("jenkins", "acme/shop", "shop/main", "118",
                     "fedcba9876543210fedcba9876543210fedcba98", "release/2.x",
                     "https://jenkins.example.com/job/shop/job/main/118/"));
}

TEST(CiMetadataTest, JenkinsMultibranchPrefersBranchNameAndFallsBackToJobName) {
  CiPipeline pipeline = DetectCiPipeline(EnvOf({{"JENKINS_URL", "http://ci:8080/"},
                                                {"JOB_NAME", "shop-build"},
                                                {"BRANCH_NAME", "main"},
                                                {"GIT_BRANCH", "origin/other"}}));
  EXPECT_EQ(pipeline.repository, "shop-build");
  EXPECT_EQ(pipeline.branch, "main");
  EXPECT_EQ(pipeline.commit, "");
}

TEST(CiMetadataTest, GitLabPipelineFromCiVariables) {
  EXPECT_EQ(
      DetectCiPipeline(EnvOf({
          {"GITLAB_CI", "true"},
          {"CI_PROJECT_PATH", "acme/platform/shop"},
          {"CI_JOB_NAME", "container_scan"},
          {"CI_PIPELINE_ID", "5512"},
          {"CI_COMMIT_SHA", "1111111111111111111111111111111111111111"},
          {"CI_COMMIT_REF_NAME", "main"},
          {"CI_PIPELINE_URL", "https://gitlab.example.com/acme/platform/shop/-/pipelines/5512"},
      })),
      Expected("gitlab", "acme/platform/shop", "container_scan", "5512",
               "1111111111111111111111111111111111111111", "main",
               "https://gitlab.example.com/acme/platform/shop/-/pipelines/5512"));
}

TEST(CiMetadataTest, NoCiIsOtherWithEmptyFields) {
  EXPECT_EQ(DetectCiPipeline(EnvOf({{"HOME", "/root"}})), CiPipeline{});
  EXPECT_EQ(DetectCiPipeline(nullptr).provider, "other");
}

TEST(CiMetadataTest, EmptyMarkerIsNotDetected) {
  EXPECT_EQ(DetectCiPipeline(EnvOf({{"JENKINS_URL", ""}, {"GITLAB_CI", ""}})).provider, "other");
}

TEST(CiMetadataTest, OverridesReplaceDetectedValuesAndFillOther) {
  CiOverrides overrides{"acme/override", "7", "abc", "hotfix"};
  CiPipeline github = DetectCiPipeline(EnvOf(kGitHub), overrides);
  EXPECT_EQ(github, Expected("github", "acme/override", "build", "7", "abc", "hotfix",
                             "https://github.com/acme/shop/actions/runs/987654321"));
  EXPECT_EQ(DetectCiPipeline(EnvOf({}), overrides),
            Expected("other", "acme/override", "", "7", "abc", "hotfix", ""));
}

TEST(CiMetadataTest, EmptyOverridesKeepDetectedValues) {
  CiOverrides overrides{"", "", "", "dev"};
  CiPipeline pipeline = DetectCiPipeline(EnvOf(kGitHub), overrides);
  EXPECT_EQ(pipeline.repository, "acme/shop");
  EXPECT_EQ(pipeline.branch, "dev");
}

TEST(CiMetadataTest, RepositoryFromGitUrlStripsHostAndSuffix) {
  EXPECT_EQ(RepositoryFromGitUrl("https://github.com/acme/shop.git"), "acme/shop");
  EXPECT_EQ(RepositoryFromGitUrl("https://user@git.example.com:8443/acme/shop/"), "acme/shop");
  EXPECT_EQ(RepositoryFromGitUrl("git@github.com:acme/shop.git"), "acme/shop");
  EXPECT_EQ(RepositoryFromGitUrl("ssh://git@host:2222/group/sub/shop.git"), "group/sub/shop");
  EXPECT_EQ(RepositoryFromGitUrl("https://host"), "");
  EXPECT_EQ(RepositoryFromGitUrl("shop"), "");
  EXPECT_EQ(RepositoryFromGitUrl(""), "");
}

}  // namespace
}  // namespace moat::cli
