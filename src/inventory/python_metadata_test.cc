#include "inventory/python_metadata.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/cataloger_runner.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using moat::testing::CatalogerWants;
using moat::testing::FixturePath;
using moat::testing::ReadTestFile;
using moat::testing::RunCataloger;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PythonMetadataTest, WantsDistInfoEggInfoAndEggs) {
  PythonMetadataCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(
      cataloger, "/usr/local/lib/python3.11/dist-packages/urllib3-1.26.12.dist-info/METADATA"));
  EXPECT_TRUE(
      CatalogerWants(cataloger, "/usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO"));
  EXPECT_TRUE(
      CatalogerWants(cataloger, "/usr/lib/python3/dist-packages/distlib-0.3.1-py3.9.egg-info"));
  EXPECT_TRUE(CatalogerWants(
      cataloger, "/usr/lib/python3/site-packages/six-1.16.0-py3.11.egg/EGG-INFO/PKG-INFO"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/usr/lib/python3/dist-packages/x.dist-info/RECORD"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/src/METADATA"));
}

TEST(PythonMetadataTest, DistInfoMetadataStopsAtTheBody) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/urllib3-1.26.12.dist-info/METADATA",
                          ReadTestFile(FixturePath("python/urllib3-1.26.12.METADATA")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_EQ(run.facts.packages.size(), 1u);
  const Package& package = run.facts.packages[0];
  EXPECT_EQ(package.ecosystem, Ecosystem::kPypi);
  EXPECT_EQ(package.name, "urllib3");
  EXPECT_EQ(package.version, "1.26.12");
  EXPECT_EQ(package.origin, PackageOrigin::kInstalled);
  EXPECT_THAT(package.licenses, ElementsAre("MIT"));
}

TEST(PythonMetadataTest, NameKeepsItsSpelling) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/Jinja2-3.1.2.egg-info/PKG-INFO",
                          ReadTestFile(FixturePath("python/Jinja2-3.1.2.PKG-INFO")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.facts.packages[0].name, "Jinja2");
  EXPECT_EQ(run.facts.packages[0].version, "3.1.2");
  EXPECT_THAT(run.facts.packages[0].licenses, ElementsAre("BSD-3-Clause"));
}

TEST(PythonMetadataTest, LicenseTextFallsBackToClassifiers) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/pyphen-0.14.0.dist-info/METADATA",
                          ReadTestFile(FixturePath("python/pyphen-0.14.0.METADATA")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(run.facts.packages[0].licenses,
              ElementsAre("GNU General Public License v2 or later (GPLv2+)",
                          "Mozilla Public License 1.1 (MPL 1.1)"));
}

struct LicenseCase {
  const char* headers;
  std::vector<std::string> expected;
};

class PythonLicenseTest : public ::testing::TestWithParam<LicenseCase> {};

TEST_P(PythonLicenseTest, PicksTheMostPreciseField) {
  PythonMetadataCataloger cataloger;
  std::string text = std::string("Metadata-Version: 2.4\nName: demo\nVersion: 1.0\n") +
                     GetParam().headers + "\nbody\n";
  auto run = RunCataloger(cataloger, "/x/demo-1.0.dist-info/METADATA", text);
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.facts.packages[0].licenses, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PythonLicenseTest,
    ::testing::Values(
        LicenseCase{"License-Expression: MIT OR Apache-2.0\nLicense: MIT\n", {"MIT OR Apache-2.0"}},
        LicenseCase{"License: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n",
                    {"MIT License"}},
        LicenseCase{"license: Python license\n", {"Python license"}},
        LicenseCase{"Classifier: License :: OSI Approved\n", {}}, LicenseCase{"", {}},
        LicenseCase{"License: Copyright 2020\n  All rights reserved.\n"
                    "Classifier: License :: Other/Proprietary License\n",
                    {"Other/Proprietary License"}}));

TEST(PythonMetadataTest, HeadersContinueAfterAnIndentedDescription) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/setuptools-51.3.3-py3.8.egg-info/PKG-INFO",
                          ReadTestFile(FixturePath("python/setuptools-51.3.3.PKG-INFO")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.facts.packages[0].name, "setuptools");
  EXPECT_THAT(run.facts.packages[0].licenses, ElementsAre("MIT License"));
}

TEST(PythonMetadataTest, BodyTextNeverOverridesHeaders) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/a-1.0.dist-info/METADATA",
                          "Name: a\nVersion: 1.0\nDescription: short\n\nName: b\nVersion: 2\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.facts.packages[0].name, "a");
  EXPECT_EQ(run.facts.packages[0].version, "1.0");
}

TEST(PythonMetadataTest, TrimsHeaderValuesAndCrlf) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/simple-0.1.0.dist-info/METADATA",
                          "Metadata-Version: 2.1\r\nName: simple \r\nVersion: 0.1.0\r\n");
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_EQ(run.facts.packages[0].name, "simple");
  EXPECT_EQ(run.facts.packages[0].version, "0.1.0");
  EXPECT_THAT(run.facts.packages[0].licenses, IsEmpty());
}

TEST(PythonMetadataTest, MissingNameOrVersionIsAnError) {
  PythonMetadataCataloger cataloger;
  auto run = RunCataloger(cataloger, "/x/a.dist-info/METADATA", "{}");
  EXPECT_EQ(run.error(), "/x/a.dist-info/METADATA: no Name header");
  run = RunCataloger(cataloger, "/x/a.dist-info/METADATA", "Name: a\n\nVersion: 1.0\n");
  EXPECT_EQ(run.error(), "/x/a.dist-info/METADATA: no Version header");
}

}  // namespace
}  // namespace moat::inventory
