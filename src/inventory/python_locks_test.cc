#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/pip_requirements.h"
#include "inventory/pipenv_lock.h"
#include "inventory/poetry_lock.h"
#include "inventory/uv_lock.h"
#include "testing/cataloger_runner.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using moat::testing::CatalogerWants;
using moat::testing::FixturePath;
using moat::testing::PackageIds;
using moat::testing::ReadTestFile;
using moat::testing::RunCataloger;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PipRequirementsTest, WantsRequirementsFiles) {
  PipRequirementsCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/requirements.txt"));
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/requirements-prod.txt"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/dev-requirements.in"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/constraints.txt"));
}

TEST(PipRequirementsTest, OnlyExactPins) {
  PipRequirementsCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/requirements.txt",
                          ReadTestFile(FixturePath("python/requirements.txt")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("Flask@2.0.0", "Jinja2@3.0.0", "pyjwt@2.1.0", "celery@4.4.7",
                          "SomeProject@5.4", "MarkupSafe@2.0.0"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kManifest);
  EXPECT_EQ(run.facts.packages[0].ecosystem, Ecosystem::kPypi);
}

TEST(PipRequirementsTest, DecodesUtf16WithByteOrderMark) {
  PipRequirementsCataloger cataloger;
  std::string utf16("\xFF\xFE", 2);
  for (char c : std::string("attrs==20.3.0\r\n")) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  auto run = RunCataloger(cataloger, "/app/requirements.txt", utf16);
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("attrs@20.3.0"));
}

TEST(PipRequirementsTest, TemplatesAndGarbageAreSkipped) {
  PipRequirementsCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/requirements.txt",
                          "%ifcookiecutter.command_line_interface|lower=='click'-%}\n"
                          "foo|bar=='1.2.4'\nfoo{bar}==%%\nfoo=='invalid-version'\n\\\n==1.0\n");
  ASSERT_TRUE(run.status.ok());
  EXPECT_THAT(run.facts.packages, IsEmpty());
}

TEST(PipenvLockTest, DefaultAndDevelopSections) {
  PipenvLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/Pipfile.lock"));
  auto run = RunCataloger(cataloger, "/app/Pipfile.lock",
                          ReadTestFile(FixturePath("python/Pipfile.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // certifi is in both sections: it is needed at run time.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("certifi@2019.3.9", "requests@2.21.0", "pytest@7.4.3 dev"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
}

TEST(PipenvLockTest, ErrorsNameTheFile) {
  PipenvLockCataloger cataloger;
  EXPECT_EQ(RunCataloger(cataloger, "/app/Pipfile.lock", "\"x\"").error(),
            "/app/Pipfile.lock: expected a JSON object");
}

TEST(PoetryLockTest, CategoryDevAndLocalDirectories) {
  PoetryLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/poetry.lock"));
  auto run =
      RunCataloger(cataloger, "/app/poetry.lock", ReadTestFile(FixturePath("python/poetry.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("click@8.1.7", "Flask@2.0.0", "pytest@7.4.3 dev"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
}

TEST(PoetryLockTest, GroupsWithoutMainAreDev) {
  PoetryLockCataloger cataloger;
  auto run =
      RunCataloger(cataloger, "/app/poetry.lock", ReadTestFile(FixturePath("python/poetry2.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("colorama@0.4.6", "mypy@1.14.1 dev", "werkzeug@3.1.3"));
}

TEST(PoetryLockTest, ErrorsNameTheFile) {
  PoetryLockCataloger cataloger;
  EXPECT_EQ(
      RunCataloger(cataloger, "/app/poetry.lock", "[[package]]\nname = \"x\nversion = 1\n").error(),
      "/app/poetry.lock: invalid TOML at line 2, column 10: Error while parsing string: "
      "unescaped control characters other than TAB (U+0009) are explicitly prohibited");
  std::string deep = "a" + std::string(300, '.') + "=1\n";
  EXPECT_EQ(RunCataloger(cataloger, "/app/poetry.lock", deep).error(),
            "/app/poetry.lock: TOML keys nested too deeply");
}

TEST(UvLockTest, ProjectRootsAndDevGroups) {
  UvLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/uv.lock"));
  auto run = RunCataloger(cataloger, "/app/uv.lock", ReadTestFile(FixturePath("python/uv.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // certifi is a dev dependency that requests also needs; the project itself is not listed.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("certifi@2024.12.14", "iniconfig@2.0.0 dev", "orjson@3.10.12",
                          "pluggy@1.5.0 dev", "pytest@8.3.4 dev", "requests@2.32.0"));
}

TEST(UvLockTest, WithoutRootsNothingIsDev) {
  UvLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/uv.lock",
                          "version = 1\n[[package]]\nname = \"asyncio\"\nversion = \"3.4.3\"\n"
                          "source = { registry = \"https://pypi.org/simple\" }\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("asyncio@3.4.3"));
}

TEST(UvLockTest, OddShapesAreSkipped) {
  UvLockCataloger cataloger;
  for (const char* toml : {"package = 3\n", "package = [1, \"x\"]\n",
                           "[[package]]\nname = 1\nversion = \"1\"\ndependencies = 5\n",
                           "[[package]]\nname = \"a\"\nsource = { editable = \".\" }\n"
                           "dev-dependencies = [1]\n"}) {
    auto run = RunCataloger(cataloger, "/app/uv.lock", toml);
    EXPECT_TRUE(run.status.ok()) << toml << run.status;
    EXPECT_THAT(run.facts.packages, IsEmpty()) << toml;
  }
}

}  // namespace
}  // namespace moat::inventory
