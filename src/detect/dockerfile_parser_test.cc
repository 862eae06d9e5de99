// The Dockerfile parser: instructions, flags, continuations, the escape directive, comments,
// exec form, heredocs, stages, and exact error texts for broken input.
#include "detect/dockerfile_parser.h"

#include <string>

#include "detect/dockerfile_stages.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::detect {
namespace {

using ::testing::ElementsAre;

TEST(DockerfileParserTest, InstructionsFlagsAndLines) {
  auto df = ParseDockerfile("Dockerfile",
                            "# syntax=docker/dockerfile:1\n"
                            "FROM --platform=linux/amd64 golang:1.22 AS build\n"
                            "\n"
                            "# a comment\n"
                            "COPY --from=dep --chown=1:1 a b /c/\n"
                            "run echo hi\r\n");
  ASSERT_TRUE(df.ok()) << df.status();
  ASSERT_EQ(df->instructions.size(), 3u);
  const auto& from = df->instructions[0];
  EXPECT_EQ(from.keyword, "FROM");
  EXPECT_EQ(from.line, 2);
  EXPECT_THAT(from.flags, ElementsAre("--platform=linux/amd64"));
  EXPECT_EQ(from.args, "golang:1.22 AS build");
  EXPECT_EQ(from.Flag("platform"), "linux/amd64");
  EXPECT_EQ(df->instructions[1].Flag("from"), "dep");
  EXPECT_EQ(df->instructions[1].Flag("chown"), "1:1");
  EXPECT_EQ(df->instructions[1].Flag("chmod"), "");
  EXPECT_EQ(df->instructions[2].keyword, "RUN");
  EXPECT_EQ(df->instructions[2].args, "echo hi");
  EXPECT_EQ(df->instructions[2].line, 6);
}

TEST(DockerfileParserTest, ContinuationsSkipCommentsAndBlankLines) {
  auto df = ParseDockerfile("Dockerfile",
                            "FROM alpine:3.19\n"
                            "RUN apk add \\\n"
                            "# inside\n"
                            "\n"
                            "    curl \\  \n"
                            "    bash\n"
                            "USER app\n");
  ASSERT_TRUE(df.ok()) << df.status();
  ASSERT_EQ(df->instructions.size(), 3u);
  EXPECT_EQ(df->instructions[1].args, "apk add     curl     bash");
  EXPECT_EQ(df->instructions[1].original, "RUN apk add     curl     bash");
  EXPECT_EQ(df->instructions[2].line, 7);
}

TEST(DockerfileParserTest, EscapeDirectiveSwitchesTheContinuationCharacter) {
  auto df = ParseDockerfile("Dockerfile",
                            "# escape=`\n"
                            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
                            "RUN dir C:\\ `\n"
                            "    && echo done\n");
  ASSERT_TRUE(df.ok()) << df.status();
  EXPECT_EQ(df->escape, '`');
  ASSERT_EQ(df->instructions.size(), 2u);
  EXPECT_EQ(df->instructions[1].args, "dir C:\\     && echo done");
}

TEST(DockerfileParserTest, ExecFormAndItsFallback) {
  auto df = ParseDockerfile("Dockerfile",
                            "FROM x:1\n"
                            "CMD [\"node\", \"server.js\"]\n"
                            "ENTRYPOINT [not json\n"
                            "RUN [\"a\", 1]\n");
  ASSERT_TRUE(df.ok()) << df.status();
  EXPECT_TRUE(df->instructions[1].exec_form);
  EXPECT_THAT(df->instructions[1].exec_args, ElementsAre("node", "server.js"));
  EXPECT_FALSE(df->instructions[2].exec_form);
  EXPECT_FALSE(df->instructions[3].exec_form);
}

TEST(DockerfileParserTest, Heredocs) {
  auto df = ParseDockerfile("Dockerfile",
                            "FROM debian:12\n"
                            "RUN <<EOF\n"
                            "apt-get update\n"
                            "apt-get install -y curl\n"
                            "EOF\n"
                            "COPY <<-'A' <<B /etc/\n"
                            "\t\tone\n"
                            "\tA\n"
                            "two\n"
                            "B\n"
                            "RUN echo $((1<<2))\n"
                            "USER app\n");
  ASSERT_TRUE(df.ok()) << df.status();
  ASSERT_EQ(df->instructions.size(), 5u);
  EXPECT_THAT(df->instructions[1].heredocs, ElementsAre("apt-get update\napt-get install -y curl"));
  EXPECT_THAT(df->instructions[2].heredocs, ElementsAre("one", "two"));
  EXPECT_TRUE(df->instructions[3].heredocs.empty());
  EXPECT_EQ(df->instructions[4].line, 12);
}

TEST(DockerfileParserTest, StagesAliasesParentsAndGlobalArgs) {
  auto df = ParseDockerfile("Dockerfile",
                            "ARG BASE=debian:12\n"
                            "FROM ${BASE} AS Build\n"
                            "RUN make\n"
                            "FROM build AS test\n"
                            "FROM scratch\n"
                            "COPY --from=build /app /app\n");
  ASSERT_TRUE(df.ok()) << df.status();
  DockerfileStages st = SplitStages(*df);
  EXPECT_EQ(st.global_args.at("BASE"), "debian:12");
  ASSERT_EQ(st.stages.size(), 3u);
  EXPECT_EQ(st.stages[0].alias, "build");
  EXPECT_EQ(st.stages[0].parent, -1);
  EXPECT_THAT(st.stages[0].instructions, ElementsAre(2));
  EXPECT_EQ(st.stages[1].parent, 0);
  EXPECT_EQ(st.stages[2].image, "scratch");
  EXPECT_EQ(ExpandArgs(st.stages[0].image, st.global_args), "debian:12");
  EXPECT_EQ(ExpandArgs("${X:-alpine}:$TAG-x", st.global_args), "alpine:$TAG-x");
  EXPECT_EQ(ExpandArgs("$ ${", st.global_args), "$ ${");
}

TEST(DockerfileParserTest, ErrorsNameFileAndLine) {
  struct Case {
    std::string content;
    std::string error;
  };
  const Case cases[] = {
      {"FROM a:1\nFROOM b\n", "ctx/Dockerfile:2: unknown instruction \"FROOM\""},
      {"FROM a:1\nRUN\n", "ctx/Dockerfile:2: RUN needs arguments"},
      {"FROM a:1\nRUN --mount=type=cache,target=/x\n", "ctx/Dockerfile:2: RUN needs arguments"},
      {"FROM a:1\nRUN <<EOF\necho\n", "ctx/Dockerfile:2: heredoc \"EOF\" is not terminated"},
      {std::string("FROM a:1\n\nRUN a\0b\n", 18), "ctx/Dockerfile:3: NUL byte (not a text file)"},
      {"# only a comment\n\n", "ctx/Dockerfile: no instructions"},
      {"", "ctx/Dockerfile: no instructions"},
      {"\x01\x02 x\n", "ctx/Dockerfile:1: unknown instruction \"\\x01\\x02\""},
  };
  for (const Case& c : cases) {
    auto df = ParseDockerfile("ctx/Dockerfile", c.content);
    ASSERT_FALSE(df.ok()) << c.content;
    EXPECT_EQ(df.status().message(), c.error);
  }
}

TEST(DockerfileParserTest, LimitsOnSizeAndInstructionCount) {
  std::string big(kMaxDockerfileBytes + 1, '#');
  EXPECT_EQ(ParseDockerfile("D", big).status().message(), "D: larger than 4194304 bytes");
  std::string many;
  for (size_t i = 0; i <= kMaxDockerfileInstructions; ++i) many += "RUN x\n";
  EXPECT_EQ(ParseDockerfile("D", many).status().message(), "D: more than 20000 instructions");
}

TEST(DockerfileParserTest, ContinuationAtTheEndOfTheFileIsKept) {
  auto df = ParseDockerfile("Dockerfile", "FROM a:1\nRUN echo \\");
  ASSERT_TRUE(df.ok()) << df.status();
  EXPECT_EQ(df->instructions[1].args, "echo");
}

}  // namespace
}  // namespace moat::detect
