// Parsing history created_by lines (legacy builder, BuildKit, build args) and splitting shell
// scripts into simple commands.
#include "detect/history_command.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct CreatedByCase {
  const char* created_by;
  const char* instruction;
  const char* text;
  std::vector<std::string> build_args;
};

TEST(ParseCreatedByTest, Forms) {
  const CreatedByCase cases[] = {
      {"/bin/sh -c #(nop)  CMD [\"node\",\"server.js\"]", "CMD", "[\"node\",\"server.js\"]", {}},
      {"/bin/sh -c #(nop) ADD file:abc123 in / ", "ADD", "file:abc123 in /", {}},
      {"/bin/sh -c #(nop)  ENV PASSWORD=hunter2", "ENV", "PASSWORD=hunter2", {}},
      {"/bin/sh -c apt-get update", "RUN", "apt-get update", {}},
      {"|2 A=1 B=2 /bin/sh -c make all", "RUN", "make all", {"A=1", "B=2"}},
      {"RUN /bin/sh -c apk add curl # buildkit", "RUN", "apk add curl", {}},
      {"RUN |1 TOKEN=abc /bin/sh -c make # buildkit", "RUN", "make", {"TOKEN=abc"}},
      {"RUN make", "RUN", "make", {}},
      {"ENV A=b", "ENV", "A=b", {}},
      {"COPY app /app # buildkit", "COPY", "app /app", {}},
      {"ADD https://example.com/x.tgz /x # buildkit", "ADD", "https://example.com/x.tgz /x", {}},
      {"debootstrap --variant=minbase bookworm",
       "RUN",
       "debootstrap --variant=minbase bookworm",
       {}},
      {"", "RUN", "", {}},
      {"|x junk", "RUN", "|x junk", {}},
      {"|5 A=1", "RUN", "", {"A=1"}},
  };
  for (const CreatedByCase& c : cases) {
    BuildStep step = ParseCreatedBy(c.created_by);
    EXPECT_EQ(step.instruction, c.instruction) << c.created_by;
    EXPECT_EQ(step.text, c.text) << c.created_by;
    EXPECT_EQ(step.build_args, c.build_args) << c.created_by;
  }
}

TEST(SplitShellScriptTest, SeparatorsPipesAndQuotes) {
  auto cmds = SplitShellScript(
      "apt-get update && apt-get install -y 'a b' \"c\\\"d\"; curl -fsSL x | sh -s -- y || true");
  ASSERT_EQ(cmds.size(), 5u);
  EXPECT_THAT(cmds[0].words, ElementsAre("apt-get", "update"));
  EXPECT_THAT(cmds[1].words, ElementsAre("apt-get", "install", "-y", "a b", "c\"d"));
  EXPECT_FALSE(cmds[2].reads_pipe);
  EXPECT_TRUE(cmds[3].reads_pipe);
  EXPECT_THAT(cmds[3].words, ElementsAre("sh", "-s", "--", "y"));
  EXPECT_FALSE(cmds[4].reads_pipe);
  EXPECT_THAT(cmds[4].words, ElementsAre("true"));
}

TEST(SplitShellScriptTest, ContinuationsCommentsRedirectsAndKeywords) {
  auto cmds = SplitShellScript(
      "set -e \\\n && if true; then FOO=1 make install 2>&1 >/dev/null; fi # done\n"
      "echo $(curl -s x | head) `id`");
  ASSERT_EQ(cmds.size(), 4u);
  EXPECT_THAT(cmds[0].words, ElementsAre("set", "-e"));
  EXPECT_THAT(cmds[1].words, ElementsAre("true"));
  EXPECT_THAT(cmds[2].assignments, ElementsAre("FOO=1"));
  EXPECT_THAT(cmds[2].words, ElementsAre("make", "install", "2", ">&", "1", ">", "/dev/null"));
  EXPECT_THAT(cmds[3].words, ElementsAre("echo", "$(curl -s x | head)", "`id`"));
}

TEST(SplitShellScriptTest, UnterminatedQuotesAndNestingEndAtTheScriptEnd) {
  EXPECT_THAT(SplitShellScript("echo 'abc")[0].words, ElementsAre("echo", "abc"));
  EXPECT_THAT(SplitShellScript("echo \"abc")[0].words, ElementsAre("echo", "abc"));
  EXPECT_THAT(SplitShellScript("echo $((((")[0].words, ElementsAre("echo", "$(((("));
  EXPECT_THAT(SplitShellScript("echo \\")[0].words, ElementsAre("echo"));
  EXPECT_THAT(SplitShellScript(""), IsEmpty());
  EXPECT_THAT(SplitShellScript(" ;;&& || |"), IsEmpty());
}

TEST(ProgramTest, WrappersAreSkipped) {
  auto cmds = SplitShellScript(
      "sudo -u app -E /usr/bin/apt-get install x; env -i A=1 pip install y; exec nohup node");
  ASSERT_EQ(cmds.size(), 3u);
  EXPECT_EQ(ProgramName(cmds[0]), "apt-get");
  EXPECT_THAT(ProgramArgs(cmds[0]), ElementsAre("install", "x"));
  EXPECT_EQ(ProgramName(cmds[1]), "pip");
  EXPECT_EQ(ProgramName(cmds[2]), "node");
  EXPECT_EQ(ProgramName(SplitShellScript("sudo")[0]), "");
}

TEST(ParseKeyValuesTest, ModernLegacyAndBare) {
  EXPECT_THAT(ParseKeyValues("A=1 B=\"x y\" C="), ElementsAre("A=1", "B=x y", "C="));
  EXPECT_THAT(ParseKeyValues("NAME some value"), ElementsAre("NAME=some value"));
  EXPECT_THAT(ParseKeyValues("TOKEN"), ElementsAre("TOKEN"));
  EXPECT_THAT(ParseKeyValues("org.label=x b=c"), ElementsAre("org.label=x", "b=c"));
  EXPECT_THAT(ParseKeyValues(""), IsEmpty());
}

TEST(SplitAssignmentTest, NamesMustBeIdentifiers) {
  absl::string_view n, v;
  ASSERT_TRUE(SplitAssignment("A_1=x=y", &n, &v));
  EXPECT_EQ(n, "A_1");
  EXPECT_EQ(v, "x=y");
  EXPECT_FALSE(SplitAssignment("=x", &n, &v));
  EXPECT_FALSE(SplitAssignment("1A=x", &n, &v));
  EXPECT_FALSE(SplitAssignment("a.b=x", &n, &v));
  EXPECT_FALSE(SplitAssignment("ab", &n, &v));
}

}  // namespace
}  // namespace moat::detect
