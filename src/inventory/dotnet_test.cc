#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/dotnet_deps.h"
#include "inventory/nuget_lock.h"
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

TEST(DotnetDepsTest, PackageLibrariesOnly) {
  DotnetDepsCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/WebApi.deps.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/WebApi.runtimeconfig.json"));
  auto run = RunCataloger(cataloger, "/app/WebApi.deps.json",
                          ReadTestFile(FixturePath("dotnet/WebApi.deps.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("Newtonsoft.Json@13.0.1", "Serilog@3.1.1"));
  EXPECT_EQ(run.facts.packages[0].ecosystem, Ecosystem::kNuget);
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kInstalled);
}

TEST(DotnetDepsTest, NoLibrariesIsEmptyAndGarbageIsAnError) {
  DotnetDepsCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/a.deps.json", R"({"runtimeTarget": {}})");
  EXPECT_TRUE(run.status.ok());
  EXPECT_THAT(run.facts.packages, IsEmpty());
  EXPECT_EQ(RunCataloger(cataloger, "/app/a.deps.json", "42").error(),
            "/app/a.deps.json: expected a JSON object");
}

TEST(NugetLockTest, PackagesOfEveryFrameworkOnce) {
  NugetLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/src/WebApi/packages.lock.json"));
  auto run = RunCataloger(cataloger, "/src/WebApi/packages.lock.json",
                          ReadTestFile(FixturePath("dotnet/packages.lock.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("Microsoft.Extensions.ApiDescription.Server@6.0.5",
                          "Newtonsoft.Json@13.0.1", "System.Text.Json@8.0.4"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
}

TEST(NugetLockTest, ErrorsNameTheFile) {
  NugetLockCataloger cataloger;
  EXPECT_EQ(RunCataloger(cataloger, "/p/packages.lock.json", "[]").error(),
            "/p/packages.lock.json: expected a JSON object");
}

}  // namespace
}  // namespace moat::inventory
