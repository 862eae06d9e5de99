// The secret detector on Moat's own fixtures: every built-in rule finds its positive case and
// misses its near miss, masking, allow rules, binary and size skips, user rules.
#include "detect/secret_detector.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "detect/secret_builtin_rules.h"
#include "detect/secret_config.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<Finding> ScanText(const FileDetector& detector, const std::string& path,
                              const std::string& text, int layer = 0) {
  image::FileRecord file;
  file.path = path;
  file.size = static_cast<int64_t>(text.size());
  std::vector<Finding> out;
  if (detector.Wants(file)) detector.Scan(FileScanInput{layer, file, text}, &out);
  return out;
}

std::unique_ptr<FileDetector> Builtin() {
  auto d = NewSecretDetector(SecretConfig{});
  EXPECT_TRUE(d.ok()) << d.status();
  return std::move(*d);
}

std::vector<std::string> RuleIds(const std::vector<Finding>& findings) {
  std::vector<std::string> ids;
  for (const auto& f : findings) ids.push_back(f.rule_id);
  return ids;
}

struct Case {
  std::string rule;
  bool positive;
  std::string text;
  int line;
};

std::vector<Case> LoadCases() {
  std::ifstream in(moat::testing::FixturePath("secrets/builtin_cases.tsv"));
  std::vector<Case> cases;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits('\t', 2));
    if (parts.size() != 3) continue;
    cases.push_back(
        {parts[0], parts[1] == "+", absl::StrReplaceAll(parts[2], {{"\\n", "\n"}}), number});
  }
  return cases;
}

TEST(SecretDetectorTest, EveryBuiltinRuleFindsItsCaseAndMissesItsNearMiss) {
  auto detector = Builtin();
  std::vector<Case> cases = LoadCases();
  ASSERT_GT(cases.size(), 200u);
  for (const Case& c : cases) {
    std::vector<std::string> ids = RuleIds(ScanText(*detector, "/srv/app/settings.conf", c.text));
    const bool found = std::find(ids.begin(), ids.end(), c.rule) != ids.end();
    EXPECT_EQ(found, c.positive) << "builtin_cases.tsv:" << c.line << " " << c.rule << " "
                                 << (c.positive ? "not found in: " : "found in: ") << c.text;
  }
}

TEST(SecretDetectorTest, EveryBuiltinRuleHasAPositiveAndANegativeCase) {
  std::set<std::string> positive, negative;
  for (const Case& c : LoadCases()) (c.positive ? positive : negative).insert(c.rule);
  std::vector<SecretRule> rules = BuiltinSecretRules();
  EXPECT_GE(rules.size(), 110u);
  std::set<std::string> ids;
  for (const auto& r : rules) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
    EXPECT_TRUE(positive.count(r.id)) << r.id << " has no positive case";
    EXPECT_TRUE(negative.count(r.id)) << r.id << " has no near-miss case";
    EXPECT_THAT(r.severity, ::testing::AnyOf("critical", "high", "medium", "low")) << r.id;
  }
}

TEST(SecretDetectorTest, FindingCarriesRuleLineAndMaskedExcerpt) {
  auto detector = Builtin();
  const std::string text =
      "# settings\nname=demo\nexport GITHUB_TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n";
  std::vector<Finding> findings = ScanText(*detector, "/app/run.sh", text, 2);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.category, Category::kSecret);
  EXPECT_EQ(f.rule_id, "github-pat");
  EXPECT_EQ(f.severity, "critical");
  EXPECT_EQ(f.title, "GitHub Personal Access Token");
  EXPECT_EQ(f.fix, kSecretFix);
  EXPECT_EQ(f.source, "moat");
  EXPECT_EQ(f.evidence.layer, 2);
  EXPECT_EQ(f.evidence.path, "/app/run.sh");
  EXPECT_EQ(f.evidence.line, 3);
  EXPECT_EQ(f.evidence.excerpt, "export GITHUB_TOKEN=ghp_************************************");
}

TEST(SecretDetectorTest, MasksEverySecretOnTheLineAndCutsLongLines) {
  auto detector = Builtin();
  const std::string two = "AKIAQ4XZ7RMB2WEDTNPK,ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5 \n";
  std::vector<Finding> findings = ScanText(*detector, "/app/keys.csv", two);
  ASSERT_EQ(findings.size(), 2u);
  for (const auto& f : findings) {
    EXPECT_EQ(f.evidence.excerpt, "AKIA****************,ghp_************************************ ");
  }
  const std::string long_line =
      std::string(300, 'a') + " AKIAQ4XZ7RMB2WEDTNPK " + std::string(300, 'b');
  findings = ScanText(*detector, "/app/min.js", long_line);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence.excerpt,
            std::string(47, 'a') + " AKIA****************" + " " + std::string(47, 'b'));
}

TEST(SecretDetectorTest, CrlfLinesCountAndLoseTheirCarriageReturn) {
  auto detector = Builtin();
  std::vector<Finding> findings =
      ScanText(*detector, "/app/win.txt", "first\r\nkey: AKIAQ4XZ7RMB2WEDTNPK\r\nlast\r\n");
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence.line, 2);
  EXPECT_EQ(findings[0].evidence.excerpt, "key: AKIA****************");
}

TEST(SecretDetectorTest, MaskedExcerptKeepsFewerCharactersOfShortSecrets) {
  const std::string text = "pw=abcdefghij x=abc";
  EXPECT_EQ(MaskedExcerpt(text, {0, text.size()}, {{3, 13}, {16, 19}}), "pw=ab******** x=***");
  const std::string bad = "k=\xff\x01v\r";
  EXPECT_EQ(MaskedExcerpt(bad, {0, bad.size()}, {}), "k=?v");
}

TEST(SecretDetectorTest, AllowRulesSkipPackagesTestsDocsAndExamples) {
  auto detector = Builtin();
  const std::string key = "AWS_ACCESS_KEY_ID=AKIAQ4XZ7RMB2WEDTNPK\n";
  for (const char* path :
       {"/usr/lib/python3/dist-packages/botocore-1.0.dist-info/METADATA", "/app/tests/conf.env",
        "/app/conf_test.go", "/srv/README.md", "/usr/share/doc/x/notes", "/app/vendor/x/y.go",
        "/usr/local/go/src/x.go", "/app/examples/deploy.env"}) {
    EXPECT_THAT(ScanText(*detector, path, key), IsEmpty()) << path;
  }
  EXPECT_THAT(ScanText(*detector, "/app/deploy.env", "id=AKIAIOSFODNN7EXAMPLE\n"), IsEmpty());
  EXPECT_EQ(ScanText(*detector, "/app/deploy.env", key).size(), 1u);
  EXPECT_EQ(ScanText(*detector, "/app/latest/deploy.env", key).size(), 1u);
}

TEST(SecretDetectorTest, SkipsBinaryFilesAndFilesOverTheSizeCap) {
  auto detector = Builtin();
  std::string binary =
      "\x7f"
      "ELF\x02\x01";
  binary.push_back('\0');
  binary += " AKIAQ4XZ7RMB2WEDTNPK ";
  EXPECT_THAT(ScanText(*detector, "/usr/bin/tool", binary), IsEmpty());
  EXPECT_THAT(ScanText(*detector, "/app/x", std::string(200, '\x01') + " AKIAQ4XZ7RMB2WEDTNPK"),
              IsEmpty());
  // Invalid UTF-8 is text, not binary.
  EXPECT_EQ(ScanText(*detector, "/app/x", "\xfe\xff AKIAQ4XZ7RMB2WEDTNPK\n").size(), 1u);

  SecretConfig config;
  config.max_file_size = 64;
  auto small = NewSecretDetector(config);
  ASSERT_TRUE(small.ok());
  const std::string big = std::string(100, ' ') + "AKIAQ4XZ7RMB2WEDTNPK";
  image::FileRecord file;
  file.path = "/app/big.env";
  file.size = static_cast<int64_t>(big.size());
  EXPECT_FALSE((*small)->Wants(file));
  std::vector<Finding> out;
  (*small)->Scan(FileScanInput{0, file, big}, &out);
  EXPECT_THAT(out, IsEmpty());
  file.size = 0;
  EXPECT_FALSE(Builtin()->Wants(file));
  file.size = kDefaultSecretMaxFileSize;
  EXPECT_TRUE(Builtin()->Wants(file));
  file.size = kDefaultSecretMaxFileSize + 1;
  EXPECT_FALSE(Builtin()->Wants(file));
}

TEST(SecretDetectorTest, UserRulesEnableAndDisableFromAConfig) {
  auto config = ParseSecretConfig(R"(rules:
  - id: internal-token
    category: Internal
    title: Internal service token
    severity: High
    regex: 'itk_(?P<secret>[a-z0-9]{24})'
    secret-group-name: secret
    keywords: [itk_]
enable-builtin-rules: [github-pat]
disable-allow-rules: [tests]
)",
                                  "moat-secrets.yaml");
  ASSERT_TRUE(config.ok()) << config.status();
  auto detector = NewSecretDetector(*config);
  ASSERT_TRUE(detector.ok()) << detector.status();
  const std::string text =
      "itk_abcdefghijklmnopqrstuvwx\nAKIAQ4XZ7RMB2WEDTNPK\nghp_"
      "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\n";
  std::vector<Finding> findings = ScanText(**detector, "/app/test/x", text);
  EXPECT_THAT(RuleIds(findings), ElementsAre("internal-token", "github-pat"));
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].severity, "high");
  EXPECT_EQ(findings[0].source, "config:moat-secrets.yaml");
  EXPECT_EQ(findings[0].evidence.excerpt, "itk_abcd********************");
}

TEST(SecretDetectorTest, UncompilableUserRegexIsAnError) {
  SecretConfig config;
  config.source = "config:x.yaml";
  SecretRule rule;
  rule.id = "broken";
  rule.regex = "abc(";
  config.rules.push_back(rule);
  auto detector = NewSecretDetector(config);
  ASSERT_FALSE(detector.ok());
  EXPECT_EQ(detector.status().message(),
            "secret rules (config:x.yaml): rule \"broken\": regex: offset 4: missing closing "
            "parenthesis");
}

TEST(SecretDetectorTest, ScansConcurrently) {
  auto detector = Builtin();
  const std::string text = "a\nAKIAQ4XZ7RMB2WEDTNPK\n";
  std::vector<std::thread> threads;
  std::vector<size_t> counts(4);
  for (size_t t = 0; t < counts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) counts[t] += ScanText(*detector, "/a/b", text).size();
    });
  }
  for (auto& th : threads) th.join();
  for (size_t c : counts) EXPECT_EQ(c, 200u);
}

}  // namespace
}  // namespace moat::detect
