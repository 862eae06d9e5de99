// Acceptance: every Trivy Dockerfile check (../shared/data/misconfig/trivy-checks) has a Moat rule
// of the same intent; each check's bad examples are flagged by that rule, its good examples not.
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "detect/dockerfile_checks.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/text_file.h"
#include "yaml-cpp/yaml.h"

namespace moat::detect {
namespace {

namespace fs = std::filesystem;

struct Examples {
  std::vector<std::string> good;
  std::vector<std::string> bad;
};

// yaml-cpp throws; the shared files are trusted test data, but keep the throw inside.
bool ReadExamples(const std::string& path, Examples* out) {
  try {
    YAML::Node doc = YAML::LoadFile(path)["dockerfile"];
    for (const auto& n : doc["good"]) out->good.push_back(n.as<std::string>());
    for (const auto& n : doc["bad"]) out->bad.push_back(n.as<std::string>());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// Trivy check id -> the file stem of its examples ("DS-0002" -> "root_user").
std::vector<std::pair<std::string, std::string>> TrivyChecks(const std::string& root) {
  std::vector<std::pair<std::string, std::string>> checks;
  auto index = ParseJson(moat::testing::ReadTextFile(root + "/docker_checks_index.json"), "index");
  if (!index.ok() || !index->is_array()) return checks;
  for (const Json& c : *index) {
    std::string file = JsonString(c, "file");
    checks.emplace_back(JsonString(c, "id"), file.substr(0, file.rfind('.')));
  }
  return checks;
}

std::string MoatRuleFor(const std::string& trivy_id) {
  return absl::StrCat("MOAT-DS-", trivy_id.substr(4));  // DS-0005 -> MOAT-DS-005
}

bool Flags(const std::string& dockerfile, const std::string& rule, std::string* why) {
  auto findings = ScanDockerfile("Dockerfile", dockerfile);
  if (!findings.ok()) {
    *why = std::string(findings.status().message());
    return false;
  }
  for (const Finding& f : *findings) {
    if (f.rule_id == rule) {
      *why = absl::StrCat("line ", f.evidence.line, ": ", f.evidence.excerpt);
      return true;
    }
  }
  return false;
}

TEST(DockerfileTrivyTest, EveryCheckHasAMoatRule) {
  MOAT_SHARED_DATA_OR_SKIP(root, "misconfig/trivy-checks");
  std::set<std::string> ours;
  for (const DockerfileRuleInfo& r : DockerfileRules()) ours.insert(std::string(r.id));
  auto checks = TrivyChecks(root);
  ASSERT_EQ(checks.size(), 28u);
  for (const auto& [id, stem] : checks) {
    EXPECT_TRUE(ours.count(MoatRuleFor(id))) << id << " (" << stem << ") has no Moat rule";
  }
  // Deliberately not implemented: none. (Checks without examples in the shared data, DS-0025,
  // DS-0026, DS-0027, DS-0029, DS-0030 and DS-0031, are covered by dockerfile_checks_test.)
}

TEST(DockerfileTrivyTest, BadExamplesFlaggedGoodExamplesClean) {
  MOAT_SHARED_DATA_OR_SKIP(root, "misconfig/trivy-checks");
  int examples = 0;
  for (const auto& [id, stem] : TrivyChecks(root)) {
    const std::string yaml = root + "/checks/docker/" + stem + ".yaml";
    if (!fs::exists(yaml)) continue;
    Examples ex;
    ASSERT_TRUE(ReadExamples(yaml, &ex)) << yaml;
    const std::string rule = MoatRuleFor(id);
    for (const std::string& bad : ex.bad) {
      std::string why;
      EXPECT_TRUE(Flags(bad, rule, &why)) << id << " " << rule << " misses bad example:\n"
                                          << bad << "\n"
                                          << why;
      ++examples;
    }
    for (const std::string& good : ex.good) {
      std::string why;
      EXPECT_FALSE(Flags(good, rule, &why)) << id << " " << rule << " flags good example:\n"
                                            << good << "\n"
                                            << why;
      ++examples;
    }
  }
  EXPECT_GE(examples, 44);
}

}  // namespace
}  // namespace moat::detect
