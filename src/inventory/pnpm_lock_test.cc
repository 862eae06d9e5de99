#include "inventory/pnpm_lock.h"

#include <string>

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
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(PnpmLockTest, WantsPnpmLock) {
  PnpmLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/pnpm-lock.yaml"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/pnpm-workspace.yaml"));
}

TEST(PnpmLockTest, V5KeysWithPeerSuffixesAndDevFlags) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml",
                          ReadTestFile(FixturePath("npm/pnpm-lock-v5.yaml")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("@babel/runtime@7.22.3", "debug@4.3.4", "mocha@10.0.0 dev", "ms@2.1.2",
                          "ms@2.1.3 dev", "regenerator-runtime@0.13.11", "supports-color@8.1.1",
                          "has-flag@4.0.0"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
}

TEST(PnpmLockTest, V6KeysTarballsAndLocalDirectories) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml",
                          ReadTestFile(FixturePath("npm/pnpm-lock-v6.yaml")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // The tarball entry names itself; the file: directory is the project's own package.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("@reduxjs/toolkit@1.9.5", "is-negative@2.0.1", "js-tokens@4.0.0",
                          "loose-envify@1.4.0", "react@18.2.0", "typescript@5.1.3 dev"));
}

TEST(PnpmLockTest, V9DevOnlyFromImportersAndSnapshots) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml",
                          ReadTestFile(FixturePath("npm/pnpm-lock-v9.yaml")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // @types/node and ms@2.0.0 are dev roots that production packages also reach.
  EXPECT_THAT(
      PackageIds(run.facts),
      ElementsAre("@types/node@20.8.10", "debug@2.6.9", "express@4.18.2", "jest-config@30.0.3",
                  "ms@2.0.0", "ms@2.1.3", "tinyspy@2.2.0 dev", "vitest@1.0.4 dev"));
}

TEST(PnpmLockTest, LastDocumentIsTheProjectLock) {
  PnpmLockCataloger cataloger;
  auto run =
      RunCataloger(cataloger, "/app/pnpm-lock.yaml",
                   "lockfileVersion: '9.0'\npackages:\n  pnpm@11.9.0: {}\nsnapshots:\n"
                   "  pnpm@11.9.0: {}\n---\nlockfileVersion: '9.0'\nimporters:\n  .:\n"
                   "    dependencies:\n      is-number:\n        specifier: 7.0.0\n"
                   "        version: 7.0.0\npackages:\n  is-number@7.0.0:\n"
                   "    resolution: {integrity: sha512-x}\nsnapshots:\n  is-number@7.0.0: {}\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("is-number@7.0.0"));
}

TEST(PnpmLockTest, ErrorsNameTheFile) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", "packages:\n  /a@1.0.0: [\n");
  EXPECT_EQ(run.error(),
            "/app/pnpm-lock.yaml: invalid YAML at line 3, column 1: end of sequence flow not "
            "found");
  run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", "- just\n- a list\n");
  EXPECT_EQ(run.error(), "/app/pnpm-lock.yaml: expected a YAML map");
  run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", "");
  EXPECT_EQ(run.error(), "/app/pnpm-lock.yaml: expected a YAML map");
}

TEST(PnpmLockTest, HostileNestingIsRefusedBeforeParsing) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", "a: " + std::string(100000, '['));
  EXPECT_EQ(run.error(), "/app/pnpm-lock.yaml: YAML nested too deeply");
  std::string blocks;
  for (int i = 0; i < 100; ++i) blocks += std::string(2 * i, ' ') + "k:\n";
  run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", blocks);
  EXPECT_EQ(run.error(), "/app/pnpm-lock.yaml: YAML nested too deeply");
  run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", std::string(5000, '-') + " x\n");
  EXPECT_THAT(run.error(), HasSubstr("nested too deeply"));
}

// yaml-cpp 0.7's LoadAll never returns on a document that starts with ','.
TEST(PnpmLockTest, LeadingFlowEntryDoesNotHang) {
  PnpmLockCataloger cataloger;
  for (const char* yaml : {",\nb: 1\n", "a: 1\n---\n,\n", "# c\n  ,\n", "--- ,"}) {
    auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", yaml);
    EXPECT_EQ(run.error(), "/app/pnpm-lock.yaml: expected a YAML map") << yaml;
  }
}

TEST(PnpmLockTest, ErrorLinesCountFromTheStartOfTheFile) {
  PnpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml",
                          "lockfileVersion: '9.0'\n---\nlockfileVersion: '9.0'\npackages: [\n");
  EXPECT_EQ(
      run.error(),
      "/app/pnpm-lock.yaml: invalid YAML at line 5, column 1: end of sequence flow not found");
}

TEST(PnpmLockTest, OddShapesAreSkippedNotFatal) {
  PnpmLockCataloger cataloger;
  for (const char* yaml : {"packages: 7\n", "packages:\n  /a@1.0.0: 3\n  [x]: {}\n",
                           "lockfileVersion: x\npackages:\n  /a/1.0.0:\n    dev: [1]\n",
                           "lockfileVersion: '9.0'\nimporters: 5\nsnapshots: [1, 2]\n"}) {
    auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", yaml);
    EXPECT_TRUE(run.status.ok()) << yaml << run.status;
  }
  auto run = RunCataloger(cataloger, "/app/pnpm-lock.yaml", "packages:\n  /a@1.0.0: 3\n");
  EXPECT_THAT(run.facts.packages, IsEmpty());
}

}  // namespace
}  // namespace moat::inventory
