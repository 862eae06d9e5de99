#include "inventory/npm_lock.h"

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
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

TEST(NpmLockTest, WantsLockAndShrinkwrapButNotTheHiddenLock) {
  NpmLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/package-lock.json"));
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/npm-shrinkwrap.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/node_modules/.package-lock.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/package.json"));
}

TEST(NpmLockTest, V1NestedDependenciesAliasesAndDev) {
  NpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/srv/package-lock.json",
                          ReadTestFile(FixturePath("npm/package-lock-v1.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // The GitHub dependency has no registry version; the alias names the real package.
  EXPECT_THAT(PackageIds(run.facts),
              UnorderedElementsAre("@types/node@14.18.63 dev", "debug@2.6.9", "ms@2.0.0",
                                   "express@4.16.0", "ms@2.1.3", "string-width@4.2.3 dev"));
  for (const Package& package : run.facts.packages) {
    EXPECT_EQ(package.origin, PackageOrigin::kLockfile);
    EXPECT_EQ(package.ecosystem, Ecosystem::kNpm);
  }
}

TEST(NpmLockTest, V3PackagesLinksWorkspacesAndLicenses) {
  NpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/srv/package-lock.json",
                          ReadTestFile(FixturePath("npm/package-lock-v3.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // picomatch is installed twice (dev and not): one package, not dev. The workspace package
  // and its link are the project's own code; its nested lodash is a real dependency.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("@babel/parser@7.23.0 dev", "axios@0.21.0", "follow-redirects@1.15.6",
                          "jest-util@29.7.0 dev", "picomatch@2.3.1", "lodash@4.17.15",
                          "string-width@4.2.3", "tv4@1.3.0", "lodash@4.17.21"));
  EXPECT_THAT(run.facts.packages[7].licenses, ElementsAre("Public Domain", "MIT"));
  EXPECT_THAT(run.facts.packages[1].licenses, ElementsAre("MIT"));
}

TEST(NpmLockTest, EmptyAndRootOnlyLocksHaveNoPackages) {
  NpmLockCataloger cataloger;
  for (const char* json : {R"({"lockfileVersion": 3, "packages": {"": {"name": "x"}}})",
                           R"({"lockfileVersion": 1})", "{}"}) {
    auto run = RunCataloger(cataloger, "/p/package-lock.json", json);
    EXPECT_TRUE(run.status.ok()) << json;
    EXPECT_THAT(run.facts.packages, IsEmpty()) << json;
  }
}

TEST(NpmLockTest, BoundsNestingOfV1Dependencies) {
  std::string json = R"({"lockfileVersion": 1, "dependencies": )";
  for (int i = 0; i < 200; ++i) json += R"({"a": {"version": "1.0.0", "dependencies": )";
  json += "{}";
  for (int i = 0; i < 200; ++i) json += "}}";
  json += "}";
  NpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/p/package-lock.json", json);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("a@1.0.0"));
  EXPECT_THAT(run.facts.warnings,
              ElementsAre("/p/package-lock.json: dependencies nested deeper than 128 skipped"));
}

TEST(NpmLockTest, ErrorsNameTheFile) {
  NpmLockCataloger cataloger;
  auto run = RunCataloger(cataloger, "/p/package-lock.json", "[]");
  EXPECT_EQ(run.error(), "/p/package-lock.json: expected a JSON object");
  run = RunCataloger(cataloger, "/p/package-lock.json", "{\"packages\": {");
  EXPECT_EQ(run.error(),
            "/p/package-lock.json: invalid JSON at byte 15: parse error at line 1, column 15: "
            "syntax error while parsing object key - unexpected end of input; expected string "
            "literal");
}

}  // namespace
}  // namespace moat::inventory
