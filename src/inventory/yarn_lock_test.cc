#include "inventory/yarn_lock.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
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

TEST(YarnLockTest, WantsYarnLock) {
  YarnLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/yarn.lock"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/yarn.lock.bak"));
}

TEST(YarnLockTest, V1RegistryPackagesAndAliases) {
  YarnLockCataloger cataloger;
  auto run =
      RunCataloger(cataloger, "/app/yarn.lock", ReadTestFile(FixturePath("npm/yarn-v1.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // file:, git+https: and GitHub shorthand entries are not registry packages.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("@babel/code-frame@7.22.13", "chalk@2.4.2", "lodash@4.17.11",
                          "string-width@4.2.3", "ms@2.1.3", "@types/uuid@9.0.7"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
  EXPECT_FALSE(run.facts.packages[0].dev);
  EXPECT_THAT(run.facts.warnings, IsEmpty());
}

TEST(YarnLockTest, BerryResolutionsSkipWorkspacesAndPatches) {
  YarnLockCataloger cataloger;
  auto run =
      RunCataloger(cataloger, "/app/yarn.lock", ReadTestFile(FixturePath("npm/yarn-berry.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("@types/node@20.8.10", "debug@4.3.4", "ms@2.1.2",
                                                 "resolve@1.22.8", "strip-ansi@6.0.1"));
}

TEST(YarnLockTest, QuotedFieldNamesAsNpmWritesThem) {
  YarnLockCataloger cataloger;
  auto run =
      RunCataloger(cataloger, "/app/yarn.lock",
                   "\"jquery@^3.6.0\":\n  \"integrity\" \"sha512-x\"\n  \"version\" \"3.6.0\"\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("jquery@3.6.0"));
}

TEST(YarnLockTest, CrlfLineEndings) {
  YarnLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/yarn.lock",
                          "# yarn lockfile v1\r\n\r\nms@^2.1.1:\r\n  version \"2.1.3\"\r\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("ms@2.1.3"));
}

TEST(YarnLockTest, UnknownProtocolIsAWarning) {
  YarnLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/yarn.lock",
                          "asap@unsupported:~2.0.6:\n  version \"2.0.6\"\n\n"
                          "jquery@^3.4.1:\n  version \"3.4.1\"\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("jquery@3.4.1"));
  EXPECT_THAT(run.facts.warnings,
              ElementsAre("/app/yarn.lock: line 1: unknown protocol \"unsupported\" in "
                          "\"asap@unsupported:~2.0.6\"; entry skipped"));
}

TEST(YarnLockTest, MalformedHeaderIsAnError) {
  YarnLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/yarn.lock", "# yarn lockfile v1\n\nnot a lock file\n");
  EXPECT_EQ(run.error(), "/app/yarn.lock: line 3: expected an entry header ending in ':'");
}

}  // namespace
}  // namespace moat::inventory
