#include "report/sbom_reader.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/cyclonedx_writer.h"
#include "report/spdx_writer.h"
#include "testing/paths.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

using inventory::Ecosystem;
using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream in(testing::FixturePath("sbom/" + name));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const inventory::Package* Find(const SbomInventory& sbom, const std::string& name) {
  for (const auto& p : sbom.inventory.packages) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

// Every package of `result` comes back with what matching needs.
void ExpectRoundTrip(const ScanResult& result, const SbomInventory& sbom) {
  ASSERT_TRUE(sbom.inventory.os.has_value());
  EXPECT_EQ(sbom.inventory.os->family, "debian");
  EXPECT_EQ(sbom.inventory.os->version, "12.15");
  ASSERT_EQ(sbom.inventory.packages.size(), result.inventory.packages.size());
  for (const auto& want : result.inventory.packages) {
    const inventory::Package* got = Find(sbom, want.name);
    if (want.ecosystem == Ecosystem::kPypi) {
      got = Find(sbom, want.name == "Jinja2" ? "jinja2" : "zope-interface");
    }
    ASSERT_NE(got, nullptr) << want.name;
    EXPECT_EQ(got->ecosystem, want.ecosystem) << want.name;
    EXPECT_EQ(got->version, want.version) << want.name;
    EXPECT_EQ(got->source_name, want.source_name) << want.name;
  }
}

TEST(SbomReaderTest, ReadsMoatsOwnCycloneDx) {
  ScanResult result = testing::SampleScanResult();
  auto sbom = ReadSbom(RenderCycloneDx(result, {}), "bom.json");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  EXPECT_EQ(sbom->format, "cyclonedx");
  ExpectRoundTrip(result, *sbom);
  const inventory::Package* log4j = Find(*sbom, "org.apache.logging.log4j:log4j-core");
  ASSERT_NE(log4j, nullptr);
  EXPECT_EQ(log4j->found_in, "/opt/app/lib/app.jar");
  EXPECT_EQ(log4j->found_in_archive, "BOOT-INF/lib/log4j-core-2.19.0.jar");
  EXPECT_EQ(log4j->layer, 2);
  const inventory::Package* bsdutils = Find(*sbom, "bsdutils");
  ASSERT_NE(bsdutils, nullptr);
  EXPECT_EQ(bsdutils->version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils->source_version, "2.38.1-5+deb12u3");
  EXPECT_EQ(Find(*sbom, "github.com/pkg/errors")->version, "v0.9.1");
  EXPECT_EQ(Find(*sbom, "@babel/core")->ecosystem, Ecosystem::kNpm);
}

TEST(SbomReaderTest, ReadsMoatsOwnSpdx) {
  ScanResult result = testing::SampleScanResult();
  auto sbom = ReadSbom(RenderSpdx(result, {}), "spdx.json");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  EXPECT_EQ(sbom->format, "spdx");
  ExpectRoundTrip(result, *sbom);
}

TEST(SbomReaderTest, ReadsTrivyCycloneDx) {
  auto sbom = ReadSbom(Fixture("trivy-cyclonedx.json"), "trivy.json");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  EXPECT_EQ(sbom->name, "demo/app:1.0");
  ASSERT_TRUE(sbom->inventory.os.has_value());
  EXPECT_EQ(sbom->inventory.os->family, "debian");
  EXPECT_EQ(sbom->inventory.os->version, "12.15");
  const inventory::Package* zlib = Find(*sbom, "zlib1g");
  ASSERT_NE(zlib, nullptr);
  EXPECT_EQ(zlib->version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib->source_name, "zlib");
  EXPECT_EQ(zlib->source_version, "");  // the same as the version
  const inventory::Package* bash = Find(*sbom, "bash");
  ASSERT_NE(bash, nullptr);
  EXPECT_EQ(bash->source_version, "5.2.15-2");
  EXPECT_EQ(Find(*sbom, "lodash")->found_in, "app/package-lock.json");
  EXPECT_NE(Find(*sbom, "@babel/core"), nullptr);
  EXPECT_NE(Find(*sbom, "github.com/BurntSushi/toml"), nullptr);  // case from the name
  EXPECT_NE(Find(*sbom, "org.apache.logging.log4j:log4j-core"), nullptr);
  EXPECT_EQ(sbom->inventory.packages.size(), 6u);
  EXPECT_EQ(sbom->skipped, 3);  // the application without purl, "mystery" and pkg:hex
  EXPECT_EQ(sbom->inventory.packages[0].ecosystem, Ecosystem::kDeb);  // OS packages first
}

TEST(SbomReaderTest, ReadsSyftSpdxWithUpstreamSourcePackages) {
  auto sbom = ReadSbom(Fixture("syft-spdx.json"), "syft.json");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  ASSERT_TRUE(sbom->inventory.os.has_value());
  EXPECT_EQ(sbom->inventory.os->family, "alpine");
  EXPECT_EQ(sbom->inventory.os->version, "3.18.4");
  const inventory::Package* ssl = Find(*sbom, "ssl_client");
  ASSERT_NE(ssl, nullptr);
  EXPECT_EQ(ssl->ecosystem, Ecosystem::kApk);
  EXPECT_EQ(ssl->source_name, "busybox");
  EXPECT_EQ(Find(*sbom, "jinja2")->version, "3.1.2");
}

TEST(SbomReaderTest, OsFromDistroQualifierWhenNoOsComponent) {
  auto sbom = ReadSbom(R"({"bomFormat": "CycloneDX", "components": [
      {"type": "library", "purl": "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=redhat-9.3&epoch=1"}]})",
                       "x");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  ASSERT_TRUE(sbom->inventory.os.has_value());
  EXPECT_EQ(sbom->inventory.os->family, "rhel");
  EXPECT_EQ(sbom->inventory.os->version, "9.3");
  EXPECT_EQ(sbom->inventory.packages[0].version, "1:3.0.7-27.el9");
}

TEST(SbomReaderTest, ErrorsNameTheFile) {
  EXPECT_THAT(ReadSbom("{", "a.json").status().message(), HasSubstr("a.json: invalid JSON"));
  EXPECT_EQ(ReadSbom(R"({"x": 1})", "b.json").status().message(),
            "b.json: not a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document");
  std::string deep = R"({"bomFormat": "CycloneDX", "components": [)";
  for (int i = 0; i < 40; ++i) deep += R"({"type": "library", "components": [)";
  for (int i = 0; i < 40; ++i) deep += "]}";
  deep += "]}";
  EXPECT_THAT(ReadSbom(deep, "c.json").status().message(),
              HasSubstr("c.json: components nested deeper than 16"));
}

TEST(SbomReaderTest, WrongTypesAreIgnoredNotFatal) {
  auto sbom = ReadSbom(R"({"bomFormat": "CycloneDX", "components": {"a": 1},
                           "metadata": [1, 2]})",
                       "x");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  EXPECT_TRUE(sbom->inventory.packages.empty());
  sbom = ReadSbom(R"({"spdxVersion": "SPDX-2.3", "packages": [1, {"externalRefs": 7},
                      {"externalRefs": [{"referenceType": "purl", "referenceLocator": 5}]}]})",
                  "y");
  ASSERT_TRUE(sbom.ok()) << sbom.status();
  EXPECT_TRUE(sbom->inventory.packages.empty());
}

}  // namespace
}  // namespace moat::report
