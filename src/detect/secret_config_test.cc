// Secret configs: Moat's YAML and gitleaks TOML load into rules that scan as written, and every
// bad config is refused with "<file>:<line>: <why>".
#include "detect/secret_config.h"

#include "absl/strings/str_cat.h"
#include "detect/secret_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string Fixture(const std::string& name) {
  return moat::testing::FixturePath("secrets/config/" + name);
}

absl::StatusOr<SecretConfig> Load(const std::string& name) {
  platform::PosixFileSystem fs;
  return LoadSecretConfig(&fs, Fixture(name));
}

std::vector<std::string> Scan(const SecretConfig& config, const std::string& path,
                              const std::string& text) {
  auto detector = NewSecretDetector(config);
  EXPECT_TRUE(detector.ok()) << detector.status();
  if (!detector.ok()) return {};
  image::FileRecord file;
  file.path = path;
  file.size = static_cast<int64_t>(text.size());
  std::vector<Finding> out;
  (*detector)->Scan(FileScanInput{0, file, text}, &out);
  std::vector<std::string> ids;
  for (const auto& f : out) ids.push_back(absl::StrCat(f.rule_id, ":", f.evidence.line));
  return ids;
}

TEST(SecretConfigTest, LoadsRulesAllowRulesExcludeBlocksAndLists) {
  auto config = Load("valid.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  ASSERT_EQ(config->rules.size(), 1u);
  const SecretRule& r = config->rules[0];
  EXPECT_EQ(r.id, "internal-token");
  EXPECT_EQ(r.severity, "critical");
  EXPECT_EQ(r.secret_group, "secret");
  EXPECT_THAT(r.keywords, ElementsAre("itk_"));
  EXPECT_DOUBLE_EQ(r.min_entropy, 3.0);
  EXPECT_EQ(r.source, "config:" + Fixture("valid.yaml"));
  ASSERT_EQ(r.allow_rules.size(), 1u);
  EXPECT_EQ(r.allow_rules[0].regex, "itk_sandbox");
  EXPECT_THAT(config->disable_rules, ElementsAre("jwt-token"));
  EXPECT_THAT(config->disable_allow_rules, ElementsAre("markdown"));

  const std::string text =
      "itk_a1b2c3d4e5f6g7h8i9j0k1l2\n"                            // found
      "itk_sandboxa1b2c3d4e5f6g7h8i\n"                            // the rule's allow rule
      "BEGIN SAMPLE\nitk_z9y8x7w6v5u4t3s2r1q0p9o8\nEND SAMPLE\n"  // excluded block
      "itk_aaaaaaaaaaaaaaaaaaaaaaaa\n";                           // too little entropy
  EXPECT_THAT(Scan(*config, "/app/notes.md", text), ElementsAre("internal-token:1"));
  EXPECT_THAT(Scan(*config, "/srv/fixtures/x", text), IsEmpty());
}

TEST(SecretConfigTest, ExcludeBlocksSpanLargeRegions) {
  auto config = ParseSecretConfig(R"yaml(rules:
  - id: rule1
    regex: secret="(?P<secret>[a-z0-9]{10})"
    secret-group-name: secret
exclude-block:
  regexes:
    - --- start ---(.|\s)*--- stop ---
)yaml",
                                  "blocks.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  std::string text = "--- start ---\n";
  for (int i = 0; i < 2000; ++i) text += "filler line of the ignored block\n";
  text += "secret=\"abcdefgh12\"\n--- stop ---\nsecret=\"zyxwvuts98\"\n";
  EXPECT_THAT(Scan(*config, "/app/x.txt", text), ElementsAre("rule1:2004"));
}

TEST(SecretConfigTest, SeverityIsNormalisedAndUnknownWordsBecomeUnknown) {
  EXPECT_EQ(NormalizeSeverity("HIGH"), "high");
  EXPECT_EQ(NormalizeSeverity(" Critical "), "critical");
  EXPECT_EQ(NormalizeSeverity("uNknown"), "unknown");
  EXPECT_EQ(NormalizeSeverity("bad"), "unknown");
  EXPECT_EQ(NormalizeSeverity(""), "unknown");
}

TEST(SecretConfigTest, EmptyConfigMeansBuiltinRules) {
  auto config = ParseSecretConfig("", "empty.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->use_builtin_rules);
  EXPECT_THAT(config->rules, IsEmpty());
}

TEST(SecretConfigTest, BadConfigsSayFileLineAndWhy) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"missing-regex.yaml", ":2: rule \"no-regex\": missing regex"},
      {"bad-regex.yaml", ":3: rule \"broken\": regex: offset 7: missing closing parenthesis"},
      {"unknown-key.yaml", ":4: rule: unknown key \"regexp\""},
      {"no-group.yaml", ":4: rule \"grouped\": regex has no group named \"secret\""},
      {"not-a-list.yaml", ":1: disable-rules: expected a list"},
      {"bad-yaml.yaml", ":4: end of sequence flow not found"},
      {"gitleaks-bad-regex.toml", ":3: rule \"bad\": regex: offset 9: missing closing parenthesis"},
      {"gitleaks-bad-toml.toml", ":4: Error while parsing table header: expected ']', saw '\\n'"},
  };
  for (const auto& [name, want] : cases) {
    auto config = Load(name);
    ASSERT_FALSE(config.ok()) << name;
    EXPECT_THAT(std::string(config.status().message()), ::testing::StartsWith(Fixture(name) + want))
        << name;
  }
}

TEST(SecretConfigTest, MissingFileNamesThePath) {
  platform::PosixFileSystem fs;
  auto config = LoadSecretConfig(&fs, "/nonexistent/secrets.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_THAT(std::string(config.status().message()),
              ::testing::StartsWith("reading secret config /nonexistent/secrets.yaml: "));
}

TEST(SecretConfigTest, DeepNestingIsRefused) {
  auto config = ParseSecretConfig("rules: " + std::string(1000, '['), "deep.yaml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(), "deep.yaml:1: nested too deeply");
}

TEST(SecretConfigTest, GitleaksTomlRulesScanWithTheirAllowlists) {
  auto config = Load("gitleaks.toml");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_TRUE(config->use_builtin_rules);  // [extend] useDefault = true
  ASSERT_EQ(config->rules.size(), 2u);     // the path-only rule is the sensitive detector's job
  EXPECT_EQ(config->rules[0].secret_group_index, 1);
  EXPECT_EQ(config->rules[0].source, "gitleaks:" + Fixture("gitleaks.toml"));
  const std::string text =
      "team_key = 'tk_a1b2c3d4e5f6g7h8i9j0'\n"
      "team_key = 'tk_a1b2c3d4e5f6g7h8i9j1' # fake\n"
      "sess=0123456789ABCDEF0123456789ABCDEF\n"
      "sess=DEADBEEF0123456789ABCDEF01234567\n"
      "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n";
  EXPECT_THAT(Scan(*config, "/app/env.txt", text),
              ElementsAre("team-api-key:1", "team-session:3", "github-pat:5"));
  EXPECT_THAT(Scan(*config, "/app/third_party/env.txt", text), IsEmpty());
}

TEST(SecretConfigTest, GitleaksDefaultConfigCompilesAndFindsItsOwnKinds) {
  MOAT_SHARED_DATA_OR_SKIP(path, "secrets/gitleaks/gitleaks.toml");
  platform::PosixFileSystem fs;
  auto config = LoadSecretConfig(&fs, path);
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_FALSE(config->use_builtin_rules);  // a full gitleaks config replaces the defaults
  EXPECT_GE(config->rules.size(), 200u);
  const std::string text =
      "GITHUB_TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n"
      "AWS_ACCESS_KEY_ID=AKIAQ4XZ7RMB2WEDTNPK\n";
  std::vector<std::string> ids = Scan(*config, "/app/deploy.sh", text);
  EXPECT_THAT(ids, ::testing::IsSupersetOf({"github-pat:1", "aws-access-token:2"}));
}

}  // namespace
}  // namespace moat::detect
