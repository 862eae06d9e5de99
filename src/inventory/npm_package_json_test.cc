#include "inventory/npm_package_json.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/npm_common.h"
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

TEST(NpmPackageJsonTest, WantsEveryPackageJson) {
  NpmPackageJsonCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/node_modules/express/package.json"));
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/node_modules/@babel/parser/package.json"));
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/package.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/package-lock.json"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/app/node_modules/.package-lock.json"));
}

TEST(NpmPackageJsonTest, InstalledPackageWithLicense) {
  NpmPackageJsonCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/node_modules/lodash/package.json",
                          ReadTestFile(FixturePath("npm/lodash-package.json")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_EQ(run.facts.packages.size(), 1u);
  const Package& package = run.facts.packages[0];
  EXPECT_EQ(package.ecosystem, Ecosystem::kNpm);
  EXPECT_EQ(package.name, "lodash");
  EXPECT_EQ(package.version, "4.17.15");
  EXPECT_EQ(package.origin, PackageOrigin::kInstalled);
  EXPECT_THAT(package.licenses, ElementsAre("MIT"));
  EXPECT_FALSE(package.dev);
}

struct LicenseCase {
  std::string license_json;
  std::vector<std::string> expected;
};

class NpmLicenseTest : public ::testing::TestWithParam<LicenseCase> {};

TEST_P(NpmLicenseTest, ReadsEveryLicenseShape) {
  NpmPackageJsonCataloger cataloger;
  std::string json =
      "{\"name\": \"@scope/pkg\", \"version\": \"1.0.0\", " + GetParam().license_json + "}";
  auto run = RunCataloger(cataloger, "/n/node_modules/@scope/pkg/package.json", json);
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_EQ(run.facts.packages.size(), 1u);
  EXPECT_EQ(run.facts.packages[0].name, "@scope/pkg");
  EXPECT_EQ(run.facts.packages[0].licenses, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, NpmLicenseTest,
    ::testing::Values(
        LicenseCase{"\"license\": \"(MIT OR Apache-2.0)\"", {"(MIT OR Apache-2.0)"}},
        LicenseCase{"\"license\": {\"type\": \"ISC\", \"url\": \"https://x\"}", {"ISC"}},
        LicenseCase{"\"license\": [{\"type\": \"Public Domain\"}, {\"type\": \"MIT\"}]",
                    {"Public Domain", "MIT"}},
        LicenseCase{"\"license\": [\"MIT\", \"Apache2\"]", {"MIT", "Apache2"}},
        LicenseCase{"\"license\": [{\"type\": \"\"}, {\"type\": \"MIT\"}]", {"MIT"}},
        LicenseCase{"\"licenses\": [{\"type\": \"BSD\", \"url\": \"https://x\"}]", {"BSD"}},
        LicenseCase{"\"license\": []", {}}, LicenseCase{"\"license\": null", {}},
        LicenseCase{"\"license\": 42", {}}, LicenseCase{"\"license\": {\"foo\": \"bar\"}", {}}));

TEST(NpmPackageJsonTest, SkipsFilesWithoutNameOrVersion) {
  NpmPackageJsonCataloger cataloger;
  for (const char* json :
       {R"({"license": "MIT"})", R"({"name": "angular"})", R"({"version": "1.0.0"})",
        R"({"type": "module"})", R"({"name": "x", "version": "${VERSION}"})"}) {
    auto run = RunCataloger(cataloger, "/app/node_modules/x/package.json", json);
    EXPECT_TRUE(run.status.ok()) << json;
    EXPECT_THAT(run.facts.packages, IsEmpty()) << json;
  }
}

TEST(NpmPackageJsonTest, ProjectPackageJsonCountsLikeTrivysNodePkg) {
  NpmPackageJsonCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/package.json",
                          R"({"name":"vuln-demo-app","version":"1.0.0","private":true})");
  ASSERT_TRUE(run.status.ok());
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("vuln-demo-app@1.0.0"));
}

TEST(NpmPackageJsonTest, ErrorsNameTheFile) {
  NpmPackageJsonCataloger cataloger;
  auto run = RunCataloger(cataloger, "/app/package.json", "{\n    \"name\" \"bootstrap\"\n}");
  EXPECT_EQ(run.error(),
            "/app/package.json: invalid JSON at byte 24: parse error at line 2, column 22: "
            "syntax error while parsing object separator - unexpected string literal; expected "
            "':'");
  run = RunCataloger(cataloger, "/app/package.json", "[1]");
  EXPECT_EQ(run.error(), "/app/package.json: expected a JSON object");
  run = RunCataloger(cataloger, "/app/package.json",
                     R"({"name": "@invalid/packageName/", "version": "1.0.0"})");
  EXPECT_EQ(run.error(), "/app/package.json: invalid package name \"@invalid/packageName/\"");
}

TEST(NpmNameTest, ValidNames) {
  EXPECT_TRUE(IsValidNpmName("lodash"));
  EXPECT_TRUE(IsValidNpmName("@babel/core"));
  EXPECT_TRUE(IsValidNpmName("ipaddr.js"));
  EXPECT_FALSE(IsValidNpmName(""));
  EXPECT_FALSE(IsValidNpmName("@scope"));
  EXPECT_FALSE(IsValidNpmName("@/x"));
  EXPECT_FALSE(IsValidNpmName("a/b"));
  EXPECT_FALSE(IsValidNpmName("@a/b/c"));
  EXPECT_FALSE(IsValidNpmName(".hidden"));
  EXPECT_FALSE(IsValidNpmName("has space"));
  EXPECT_FALSE(IsValidNpmName(std::string(215, 'a')));
}

}  // namespace
}  // namespace moat::inventory
