// YARA rules: loading files and directories, compiling (exact error text), scanning with the
// external variables, concurrent scans, and the whole signature-base set.
#include "detect/yara_rules.h"

#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "detect/yara_externals.h"
#include "detect/yara_rule_files.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<std::unique_ptr<YaraRules>> CompileText(const std::string& text) {
  return YaraRules::Compile({YaraRuleSource{"test.yar", "test", text}});
}

std::string CompileError(const std::string& text) {
  return std::string(CompileText(text).status().message());
}

std::unique_ptr<YaraRules> FixtureRules() {
  platform::PosixFileSystem fs;
  auto sources = LoadYaraRuleSources(&fs, {moat::testing::FixturePath("malware/rules")});
  EXPECT_TRUE(sources.ok()) << sources.status();
  if (!sources.ok()) return nullptr;
  auto rules = YaraRules::Compile(*sources);
  EXPECT_TRUE(rules.ok()) << rules.status();
  return rules.ok() ? *std::move(rules) : nullptr;
}

std::vector<std::string> RuleNames(const std::vector<YaraMatch>& matches) {
  std::vector<std::string> names;
  for (const YaraMatch& m : matches) names.push_back(m.rule);
  std::sort(names.begin(), names.end());
  return names;
}

TEST(YaraRuleFilesTest, DirectoryGivesYarAndYaraFilesSortedWithStemNamespaces) {
  platform::PosixFileSystem fs;
  std::string dir = moat::testing::FixturePath("malware/rules");
  auto sources = LoadYaraRuleSources(&fs, {dir});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0].name, dir + "/moat_test.yar");
  EXPECT_EQ((*sources)[0].rule_namespace, "moat_test");
  EXPECT_EQ((*sources)[1].name, dir + "/nested/more.yara");
  EXPECT_EQ((*sources)[1].rule_namespace, "more");
}

TEST(YaraRuleFilesTest, SameStemTwiceGetsNumberedNamespace) {
  platform::PosixFileSystem fs;
  std::string file = moat::testing::FixturePath("malware/rules/moat_test.yar");
  auto sources = LoadYaraRuleSources(&fs, {file, file});
  ASSERT_TRUE(sources.ok()) << sources.status();
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[1].rule_namespace, "moat_test_2");
}

TEST(YaraRuleFilesTest, MissingPathAndEmptyDirectoryAreErrors) {
  platform::PosixFileSystem fs;
  std::string dir = moat::testing::MakeTempDir("yara-empty");
  auto missing = LoadYaraRuleSources(&fs, {dir + "/nope"});
  EXPECT_THAT(missing.status().message(), HasSubstr("YARA rules: "));
  EXPECT_THAT(missing.status().message(), HasSubstr(dir + "/nope"));
  auto empty = LoadYaraRuleSources(&fs, {dir});
  EXPECT_EQ(std::string(empty.status().message()), dir + ": no *.yar or *.yara files");
}

TEST(YaraRulesTest, CompilesFixtureRulesAndCountsThem) {
  auto rules = FixtureRules();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(rules->rule_count(), 5);  // private rules count too
}

TEST(YaraRulesTest, MatchNamesRuleNamespaceSourceTagsMetaAndPublicStrings) {
  auto rules = FixtureRules();
  ASSERT_NE(rules, nullptr);
  std::vector<YaraMatch> matches;
  ASSERT_TRUE(
      rules->Scan("<?php MOAT-TEST-WEBSHELL-MARKER eval($_POST never reported", {}, &matches).ok());
  ASSERT_EQ(matches.size(), 1u);
  const YaraMatch& m = matches[0];
  EXPECT_EQ(m.rule, "TEST_Webshell_Marker");
  EXPECT_EQ(m.rule_namespace, "moat_test");
  EXPECT_EQ(m.source, moat::testing::FixturePath("malware/rules/moat_test.yar"));
  EXPECT_THAT(m.tags, ElementsAre("webshell", "php"));
  ASSERT_EQ(m.meta.size(), 4u);
  EXPECT_EQ(m.meta[0].key, "description");
  EXPECT_EQ(m.meta[3].key, "score");
  EXPECT_EQ(m.meta[3].value, "85");
  EXPECT_THAT(m.strings, ElementsAre("$marker", "$eval"));
}

TEST(YaraRulesTest, PrivateRulesAreNotReportedButFeedOthers) {
  auto rules = FixtureRules();
  ASSERT_NE(rules, nullptr);
  std::vector<YaraMatch> matches;
  ASSERT_TRUE(rules->Scan("xx MOAT-TEST-NESTED xx", {}, &matches).ok());
  EXPECT_THAT(RuleNames(matches), ElementsAre("TEST_Nested_Marker"));
  EXPECT_EQ(matches[0].source, moat::testing::FixturePath("malware/rules/nested/more.yara"));
}

TEST(YaraRulesTest, ExternalVariablesAreSetPerScan) {
  auto rules = FixtureRules();
  ASSERT_NE(rules, nullptr);
  image::FileRecord file;
  file.path = "/var/www/moat-ext.php";
  std::string data = "<?php echo 1; ?>";
  std::vector<YaraMatch> matches;
  ASSERT_TRUE(rules->Scan(data, ExternalsFor(file, data), &matches).ok());
  EXPECT_THAT(RuleNames(matches), ElementsAre("TEST_External_Vars"));
  // The same content elsewhere, or owned by someone else, does not match.
  matches.clear();
  file.path = "/srv/moat-ext.php";
  ASSERT_TRUE(rules->Scan(data, ExternalsFor(file, data), &matches).ok());
  EXPECT_TRUE(matches.empty());
  file.path = "/var/www/moat-ext.php";
  file.uid = 33;
  ASSERT_TRUE(rules->Scan(data, ExternalsFor(file, data), &matches).ok());
  EXPECT_TRUE(matches.empty());
}

TEST(YaraRulesTest, ConcurrentScansShareOneRuleSet) {
  auto rules = FixtureRules();
  ASSERT_NE(rules, nullptr);
  std::vector<int> found(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        std::vector<YaraMatch> matches;
        std::string data = i % 2 == 0 ? "MOAT-TEST-MINER-MARKER" : "clean";
        if (rules->Scan(data, {}, &matches).ok()) found[t] += static_cast<int>(matches.size());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(found, ElementsAre(100, 100, 100, 100));
}

TEST(YaraRulesTest, SyntaxErrorNamesFileAndLine) {
  auto rules = CompileText("rule a {\n  condition:\n    true and\n}\n");
  EXPECT_EQ(rules.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(rules.status().message()), "test.yar:4: syntax error");
}

TEST(YaraRulesTest, UndefinedStringNamesFileAndLine) {
  platform::PosixFileSystem fs;
  std::string path = moat::testing::FixturePath("malware/bad/broken.yar");
  auto sources = LoadYaraRuleSources(&fs, {path});
  ASSERT_TRUE(sources.ok()) << sources.status();
  auto rules = YaraRules::Compile(*sources);
  EXPECT_EQ(std::string(rules.status().message()), path + ":13: undefined string \"$b\"");
}

TEST(YaraRulesTest, UnknownIdentifierDuplicateRuleAndIncludeAreErrors) {
  EXPECT_EQ(CompileError("rule a { condition: md5 == \"x\" }"),
            "test.yar:1: undefined identifier \"md5\"");
  EXPECT_EQ(CompileError("rule a { condition: true }\nrule a { condition: false }"),
            "test.yar:2: duplicated identifier \"a\"");
  EXPECT_EQ(CompileError("include \"other.yar\"\nrule a { condition: true }"),
            "test.yar:1: includes are disabled");
  EXPECT_EQ(CompileError(std::string("rule a\0", 7)), "test.yar: contains a NUL byte");
}

TEST(YaraRulesTest, BinaryGarbageIsAnErrorNotACrash) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 131 + 7) % 255 + 1);
  std::string error = CompileError(garbage);
  EXPECT_TRUE(absl::StartsWith(error, "test.yar:")) << error;
  EXPECT_TRUE(absl::StartsWith(CompileError("rule {{{{ ((( \"unterminated"), "test.yar:1: "));
}

TEST(YaraRulesTest, ErrorInSecondFileNamesThatFile) {
  auto rules = YaraRules::Compile({YaraRuleSource{"good.yar", "good", "rule a { condition: true }"},
                                   YaraRuleSource{"bad.yar", "bad", "rule b { condition: x }"}});
  EXPECT_EQ(std::string(rules.status().message()), "bad.yar:1: undefined identifier \"x\"");
}

TEST(YaraExternalsTest, NameDirectoryExtensionTypeAndOwner) {
  image::FileRecord file;
  file.path = "/usr/lib/Evil.JSP";
  file.uid = 1000;
  YaraExternals e = ExternalsFor(file, "<%@ page %>");
  EXPECT_EQ(e.filename, "Evil.JSP");
  EXPECT_EQ(e.filepath, "/usr/lib");
  EXPECT_EQ(e.extension, ".jsp");
  EXPECT_EQ(e.filetype, "JSP");
  EXPECT_EQ(e.owner, "1000");
  file.path = "/.bashrc";
  e = ExternalsFor(file,
                   "\x7f"
                   "ELF\x02");
  EXPECT_EQ(e.filename, ".bashrc");
  EXPECT_EQ(e.filepath, "/");
  EXPECT_EQ(e.extension, "");
  EXPECT_EQ(e.filetype, "ELF");
  EXPECT_EQ(MagicFileType("MZ\x90"), "EXE");
  EXPECT_EQ(MagicFileType(""), "UNKNOWN");
}

// Every signature-base rule file compiles with the five external variables defined.
TEST(YaraRulesTest, AllSignatureBaseRulesCompile) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "yara/signature-base/yara");
  platform::PosixFileSystem fs;
  auto sources = LoadYaraRuleSources(&fs, {dir});
  ASSERT_TRUE(sources.ok()) << sources.status();
  EXPECT_EQ(sources->size(), 741u);
  auto rules = YaraRules::Compile(*sources);
  ASSERT_TRUE(rules.ok()) << rules.status();
  EXPECT_GT((*rules)->rule_count(), 5000);
  std::cout << "signature-base: " << sources->size() << " files, " << (*rules)->rule_count()
            << " rules, " << (*rules)->warnings().size() << " warnings\n";
}

}  // namespace
}  // namespace moat::detect
