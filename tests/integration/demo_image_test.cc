// End to end: the moat binary on the project's own demo image (tests/fixtures/demo), in every
// local input format, and on broken inputs (exit codes and error text).
#include <filesystem>
#include <set>
#include <tuple>

#include "common/json.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/image_builder.h"
#include "testing/paths.h"
#include "testing/subprocess.h"

namespace moat {
namespace {

using ::moat::testing::RunCommand;
using ::testing::HasSubstr;
using PackageKey = std::tuple<std::string, std::string, std::string>;

class DemoImageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(moat::testing::MakeTempDir("demo-image"));
    auto image = moat::testing::ImageFromLayerDirs(moat::testing::FixturePath("demo"));
    ASSERT_TRUE(image.ok()) << image.status();
    image->tag = "demo/app:1.0";
    ASSERT_TRUE(moat::testing::WriteOciLayout(*dir_ + "/oci", {*image}).ok());
    ASSERT_TRUE(moat::testing::WriteOciArchive(*dir_ + "/demo.oci.tar", {*image}).ok());
    ASSERT_TRUE(moat::testing::WriteDockerArchive(*dir_ + "/demo.docker.tar", {*image}).ok());
    ASSERT_TRUE(moat::testing::WriteRootfs(*dir_ + "/rootfs", *image).ok());
  }

  static Json Scan(const std::string& target) {
    auto r = RunCommand({moat::testing::MoatBinary(), "scan", "-q", "-f", "json", target});
    EXPECT_EQ(r.exit_code, 0) << target << ": " << r.err;
    auto parsed = ParseJson(r.out, target);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    return parsed.ok() ? *parsed : Json();
  }

  static std::set<PackageKey> Keys(const Json& report) {
    std::set<PackageKey> keys;
    for (const Json& p : report["packages"]) {
      keys.emplace(JsonString(p, "ecosystem"), JsonString(p, "name"), JsonString(p, "version"));
    }
    return keys;
  }

  static const Json* FindPackage(const Json& report, const std::string& name) {
    for (const Json& p : report["packages"]) {
      if (JsonString(p, "name") == name) return &p;
    }
    return nullptr;
  }

  static std::string* dir_;
};

std::string* DemoImageTest::dir_ = nullptr;

TEST_F(DemoImageTest, InventoryIsExactAndTheSameForEveryInputType) {
  Json oci = Scan(*dir_ + "/oci");
  std::set<PackageKey> keys = Keys(oci);
  std::set<PackageKey> expected = {
      {"deb", "base-files", "12.4+deb12u12"},
      {"deb", "libc6", "2.36-9+deb12u13"},
      {"deb", "bash", "5.2.15-2+b9"},
      {"deb", "zlib1g", "1:1.2.13.dfsg-1"},
      {"deb", "python3-requests", "2.28.1+dfsg-1"},
      {"npm", "lodash", "4.17.15"},
      {"npm", "minimist", "1.2.0"},
      {"pypi", "urllib3", "1.26.12"},
      {"gem", "rack", "2.2.4"},
      {"maven", "org.apache.commons:commons-text", "1.10.0"},
  };
  for (const PackageKey& key : expected) {
    EXPECT_TRUE(keys.count(key)) << std::get<0>(key) << " " << std::get<1>(key) << " "
                                 << std::get<2>(key);
  }
  bool log4j = false;
  for (const auto& [eco, name, version] : keys) {
    log4j =
        log4j || (eco == "maven" && name.find("log4j") != std::string::npos && version == "1.2.17");
    EXPECT_NE(name, "old-removed") << "a package in state deinstall is not installed";
    EXPECT_NE(std::make_tuple(eco, name),
              std::make_tuple(std::string("pypi"), std::string("requests")))
        << "the dpkg-owned egg-info must not be reported again";
  }
  EXPECT_TRUE(log4j) << "log4j-1.2.17.jar has no pom.properties: the file name must do";
  for (const std::string target :
       {"/demo.docker.tar", "/demo.oci.tar", "/oci:demo/app:1.0", "/rootfs"}) {
    EXPECT_EQ(Keys(Scan(*dir_ + target)), keys) << target;
  }
}

TEST_F(DemoImageTest, OsPackagesCarrySourceEpochLicenceFilesAndPurl) {
  Json report = Scan(*dir_ + "/demo.docker.tar");
  EXPECT_EQ(JsonString(report["os"], "family"), "debian");
  EXPECT_EQ(JsonString(report["os"], "version"), "12.15");
  const Json* zlib = FindPackage(report, "zlib1g");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(JsonString(*zlib, "sourceName"), "zlib");
  EXPECT_EQ(JsonInt(*zlib, "epoch"), 1);
  EXPECT_EQ(JsonStringArray(*zlib, "licenses"), std::vector<std::string>{"Zlib"});
  EXPECT_EQ(JsonStringArray(*zlib, "files"),
            std::vector<std::string>{"/usr/share/doc/zlib1g/copyright"});
  EXPECT_EQ(JsonString(*zlib, "purl"),
            "pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.15&epoch=1");
  const Json* libc = FindPackage(report, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ(JsonString(*libc, "sourceName"), "glibc");
  EXPECT_EQ(JsonInt(*libc, "layer"), 0);
}

TEST_F(DemoImageTest, ExecutableIndexHasHashesAndLayers) {
  Json report = Scan(*dir_ + "/oci");
  std::map<std::string, const Json*> by_path;
  for (const Json& e : report["executables"]) by_path[JsonString(e, "path")] = &e;
  ASSERT_TRUE(by_path.count("/usr/bin/bash"));
  ASSERT_TRUE(by_path.count("/app/start.sh"));
  EXPECT_EQ(JsonString(*by_path["/app/start.sh"], "sha256"), Sha256Hex("#!/bin/sh\necho demo\n"));
  EXPECT_EQ(JsonInt(*by_path["/app/start.sh"], "layer"), 2);
  EXPECT_EQ(JsonString(*by_path["/app/start.sh"], "mode"), "0755");
}

// The demo advisories (tests/fixtures/demo-advisories) against the demo image: every affected
// package is reported with its fix and the layer and file it came from; commons-text 1.10.0 is
// at the fixed version and is not.
TEST_F(DemoImageTest, VulnerabilitiesFromTheDemoAdvisories) {
  std::string db = *dir_ + "/demo.db";
  auto build = RunCommand({moat::testing::MoatBinary(), "db", "build", "--from",
                           moat::testing::FixturePath("demo-advisories"), "--db", db});
  ASSERT_EQ(build.exit_code, 0) << build.err;
  auto r = RunCommand(
      {moat::testing::MoatBinary(), "scan", "-q", "-f", "json", "--db", db, *dir_ + "/oci"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto report = ParseJson(r.out, "scan");
  ASSERT_TRUE(report.ok()) << report.status();
  std::set<std::tuple<std::string, std::string, std::string, std::string, int64_t>> found;
  for (const Json& v : (*report)["vulnerabilities"]) {
    EXPECT_EQ(JsonString(v, "state"), "fixed");
    found.emplace(JsonString(v, "id"), JsonString(v, "package"),
                  JsonStringArray(v, "fixedVersions").at(0), JsonString(v, "foundIn"),
                  JsonInt(v, "layer").value_or(-1));
  }
  EXPECT_THAT(
      found,
      ::testing::UnorderedElementsAre(
          std::make_tuple("CVE-2020-8203", "lodash", "4.17.20",
                          "/app/node_modules/lodash/package.json", 2),
          std::make_tuple("CVE-2021-23337", "lodash", "4.17.21",
                          "/app/node_modules/lodash/package.json", 2),
          std::make_tuple("CVE-2021-44906", "minimist", "1.2.6",
                          "/app/node_modules/minimist/package.json", 2),
          std::make_tuple(
              "CVE-2023-43804", "urllib3", "1.26.17",
              "/usr/local/lib/python3.11/dist-packages/urllib3-1.26.12.dist-info/METADATA", 1)));
  auto gated = RunCommand({moat::testing::MoatBinary(), "scan", "-q", "--db", db, "--fail-on",
                           "critical", *dir_ + "/oci"});
  EXPECT_EQ(gated.exit_code, 1) << "minimist's CVE-2021-44906 is critical";
  EXPECT_THAT(gated.out, HasSubstr("fix: upgrade lodash to 4.17.21"));
}

TEST_F(DemoImageTest, EveryFormatRenders) {
  for (const std::string format : {"table", "json", "cyclonedx", "spdx"}) {
    auto r = RunCommand({moat::testing::MoatBinary(), "scan", "-q", "-f", format, *dir_ + "/oci"});
    EXPECT_EQ(r.exit_code, 0) << format << ": " << r.err;
    EXPECT_FALSE(r.out.empty()) << format;
  }
  std::string out = *dir_ + "/report.json";
  auto r = RunCommand(
      {moat::testing::MoatBinary(), "scan", "-q", "-f", "cyclonedx", "-o", out, *dir_ + "/oci"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(std::filesystem::exists(out));
}

TEST_F(DemoImageTest, UsageErrorsExitTwo) {
  auto unknown_flag = RunCommand({moat::testing::MoatBinary(), "scan", "--no-such-flag", "x"});
  EXPECT_EQ(unknown_flag.exit_code, 2);
  EXPECT_THAT(unknown_flag.err, HasSubstr("moat: error:"));
  auto bad_format = RunCommand({moat::testing::MoatBinary(), "scan", "-f", "xml", *dir_ + "/oci"});
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_THAT(bad_format.err, HasSubstr("unknown report format \"xml\""));
  auto none = RunCommand({moat::testing::MoatBinary()});
  EXPECT_EQ(none.exit_code, 2);
}

TEST_F(DemoImageTest, HostileInputExitsThreeNamingTheProblem) {
  moat::testing::ImageSpec image;
  moat::testing::LayerSpec layer;
  layer.entries = {moat::testing::File("../escape", "x")};
  image.layers = {layer};
  std::string path = *dir_ + "/escape.docker.tar";
  ASSERT_TRUE(moat::testing::WriteDockerArchive(path, {image}).ok());
  auto r = RunCommand({moat::testing::MoatBinary(), "scan", path});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_THAT(r.err, HasSubstr("moat: error: " + path +
                               ": layer 0: ../escape: path \"../escape\" "
                               "climbs out of the layer root with '..'"));
  auto missing =
      RunCommand({moat::testing::MoatBinary(), "scan", "--input-type", "oci-dir", *dir_ + "/nope"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_THAT(missing.err, HasSubstr("no such file or directory"));
}

}  // namespace
}  // namespace moat
