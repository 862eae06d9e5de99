#include "inventory/composer.h"

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

TEST(ComposerLockTest, PackagesAndDevPackages) {
  ComposerLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/var/www/composer.lock"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/var/www/composer.json"));
  auto run = RunCataloger(cataloger, "/var/www/composer.lock",
                          ReadTestFile(FixturePath("php/composer.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // Versions stay as written ("v1.28.0"); the path-repository package is local code.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("guzzlehttp/guzzle@6.5.8", "symfony/polyfill-mbstring@v1.28.0",
                          "phpunit/phpunit@9.6.13 dev"));
  const Package& guzzle = run.facts.packages[0];
  EXPECT_EQ(guzzle.ecosystem, Ecosystem::kComposer);
  EXPECT_EQ(guzzle.origin, PackageOrigin::kLockfile);
  EXPECT_THAT(guzzle.licenses, ElementsAre("MIT"));
}

TEST(ComposerInstalledTest, VersionOneArray) {
  ComposerInstalledCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/var/www/vendor/composer/installed.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/var/www/installed.json"));
  auto run = RunCataloger(cataloger, "/var/www/vendor/composer/installed.json",
                          ReadTestFile(FixturePath("php/installed-v1.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("monolog/monolog@1.27.1", "psr/log@1.1.4"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kInstalled);
}

TEST(ComposerInstalledTest, VersionTwoObjectKeepsDevPackagesAsInstalled) {
  ComposerInstalledCataloger cataloger;
  auto run = RunCataloger(cataloger, "/var/www/vendor/composer/installed.json",
                          ReadTestFile(FixturePath("php/installed-v2.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("pear/log@1.13.3", "pear/pear_exception@v1.0.2"));
  EXPECT_THAT(run.facts.packages[1].licenses, ElementsAre("BSD-2-Clause"));
}

TEST(ComposerTest, ErrorsNameTheFile) {
  ComposerInstalledCataloger installed;
  EXPECT_EQ(RunCataloger(installed, "/v/composer/installed.json", "{\"dev\": true}").error(),
            "/v/composer/installed.json: expected an array or an object with \"packages\"");
  ComposerLockCataloger lock;
  EXPECT_EQ(RunCataloger(lock, "/v/composer.lock", "[]").error(),
            "/v/composer.lock: expected a JSON object");
}

}  // namespace
}  // namespace moat::inventory
