#include "report/cyclonedx_writer.h"

#include <regex>
#include <set>
#include <string>

#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

Json Render(const ScanResult& result) {
  auto doc = ParseJson(RenderCycloneDx(result, {}), "bom");
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : Json::object();
}

const Json* FindComponent(const Json& bom, const std::string& name) {
  for (const Json& c : bom["components"]) {
    if (c["name"] == name) return &c;
  }
  return nullptr;
}

std::string Property(const Json& component, const std::string& name) {
  for (const Json& p : component["properties"]) {
    if (p["name"] == name) return p["value"];
  }
  return "";
}

TEST(CycloneDxWriterTest, HasRequiredTopLevelFields) {
  Json bom = Render(testing::SampleScanResult());
  EXPECT_EQ(bom["bomFormat"], "CycloneDX");
  EXPECT_EQ(bom["specVersion"], "1.5");
  EXPECT_EQ(bom["version"], 1);
  // The 1.5 schema's serialNumber pattern (UUID versions 1-5 only).
  EXPECT_TRUE(std::regex_match(
      bom["serialNumber"].get<std::string>(),
      std::regex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-"
                 "[0-9a-f]{12}$")))
      << bom["serialNumber"];
  EXPECT_EQ(bom["metadata"]["timestamp"], "2026-11-28T14:06:58Z");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["name"], "moat");
  EXPECT_EQ(bom["metadata"]["tools"]["components"][0]["version"], "0.1.0");
}

TEST(CycloneDxWriterTest, ImageIsTheContainerComponentWithOciPurl) {
  Json image = Render(testing::SampleScanResult())["metadata"]["component"];
  EXPECT_EQ(image["type"], "container");
  EXPECT_EQ(image["name"], "registry.example.com/team/demo-app");
  EXPECT_EQ(image["version"], testing::SampleImage().digest);
  EXPECT_EQ(image["purl"],
            "pkg:oci/demo-app@" + testing::SampleImage().digest +
                "?arch=amd64&repository_url=registry.example.com%2Fteam%2Fdemo-app&tag=1.4");
  EXPECT_EQ(Property(image, "moat:image_id"), testing::SampleImage().image_id);
}

TEST(CycloneDxWriterTest, OsAndPackagesAreComponents) {
  Json bom = Render(testing::SampleScanResult());
  ASSERT_EQ(bom["components"].size(), 12u);  // the OS + 11 packages
  const Json& os = bom["components"][0];
  EXPECT_EQ(os["type"], "operating-system");
  EXPECT_EQ(os["name"], "debian");
  EXPECT_EQ(os["version"], "12.15");
  const Json* libc = FindComponent(bom, "libc6");
  ASSERT_NE(libc, nullptr);
  EXPECT_EQ((*libc)["type"], "library");
  EXPECT_EQ((*libc)["purl"],
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u10?arch=amd64&distro=debian-12.15");
  EXPECT_EQ(Property(*libc, "moat:layer_diff_id"), testing::SampleImage().layers[0].diff_id);
  EXPECT_EQ(Property(*libc, "moat:found_in"), "/var/lib/dpkg/status");
  EXPECT_EQ(Property(*libc, "moat:source_name"), "glibc");
  const Json* log4j = FindComponent(bom, "log4j-core");
  ASSERT_NE(log4j, nullptr);
  EXPECT_EQ((*log4j)["group"], "org.apache.logging.log4j");
  EXPECT_EQ(Property(*log4j, "moat:found_in_archive"), "BOOT-INF/lib/log4j-core-2.19.0.jar");
}

TEST(CycloneDxWriterTest, LicensesUseIdsForSpdxAndNamesOtherwise) {
  Json bom = Render(testing::SampleScanResult());
  EXPECT_EQ((*FindComponent(bom, "bsdutils"))["licenses"],
            Json::parse(R"([{"license":{"id":"GPL-2.0"}},{"license":{"name":"public-domain"}},
                            {"license":{"id":"BSD-4-Clause"}}])"));
  EXPECT_EQ((*FindComponent(bom, "libstdc++6"))["licenses"],
            Json::parse(R"([{"expression":"GPL-3.0-or-later WITH GCC-exception-3.1"}])"));
  EXPECT_EQ((*FindComponent(bom, "Zope.Interface"))["licenses"],
            Json::parse(R"([{"license":{"id":"ZPL-2.1"}}])"));
  EXPECT_FALSE(FindComponent(bom, "jest")->contains("licenses"));
}

TEST(CycloneDxWriterTest, BomRefsAreUniqueAndDependenciesResolve) {
  ScanResult result = testing::SampleScanResult();
  // The same package found twice (two node_modules copies) must still get distinct refs.
  inventory::Package copy = result.inventory.packages[3];
  copy.found_in = "/app/other/node_modules/@babel/core/package.json";
  result.inventory.packages.push_back(copy);
  result.inventory.packages.push_back(copy);
  Json bom = Render(result);
  std::set<std::string> refs = {bom["metadata"]["component"]["bom-ref"]};
  for (const Json& c : bom["components"]) {
    EXPECT_TRUE(refs.insert(c["bom-ref"].get<std::string>()).second) << c["bom-ref"];
  }
  ASSERT_EQ(bom["dependencies"].size(), 1u);
  const Json& image_deps = bom["dependencies"][0];
  EXPECT_EQ(image_deps["ref"], bom["metadata"]["component"]["bom-ref"]);
  EXPECT_EQ(image_deps["dependsOn"].size(), bom["components"].size());
  for (const Json& ref : image_deps["dependsOn"]) EXPECT_TRUE(refs.count(ref)) << ref;
  EXPECT_TRUE(
      refs.count("pkg:npm/%40babel/core@7.0.0?moat_found_in=%2Fapp%2Fother%2Fnode_"
                 "modules%2F%40babel%2Fcore%2Fpackage.json&n=2"));
}

TEST(CycloneDxWriterTest, OutputIsReproducibleAndSerialFollowsTheScan) {
  ScanResult result = testing::SampleScanResult();
  EXPECT_EQ(RenderCycloneDx(result, {}), RenderCycloneDx(result, {}));
  std::string serial = Render(result)["serialNumber"];
  result.scanned_at = "2026-11-29T00:00:00Z";
  EXPECT_NE(Render(result)["serialNumber"], serial);
}

TEST(CycloneDxWriterTest, ImageWithoutDigestOrOsStillValid) {
  ScanResult result;
  result.image.reference = "/tmp/rootfs";
  result.image.source_type = "rootfs";
  result.inventory.packages.push_back(
      testing::SamplePackage(inventory::Ecosystem::kNpm, "left-pad", "1.3.0", 0, "/x"));
  Json bom = Render(result);
  const Json& image = bom["metadata"]["component"];
  EXPECT_EQ(image["name"], "/tmp/rootfs");
  EXPECT_FALSE(image.contains("purl"));
  EXPECT_EQ(image["bom-ref"], "moat:image:");
  ASSERT_EQ(bom["components"].size(), 1u);
  EXPECT_EQ(bom["components"][0]["bom-ref"], "moat:package:npm/left-pad@1.3.0");
  EXPECT_EQ(bom["metadata"]["timestamp"], "1970-01-01T00:00:00Z");
}

TEST(CycloneDxWriterTest, VulnerabilitiesAffectTheirComponentsByBomRef) {
  Json bom = Render(testing::SampleScanResultWithVulnerabilities());
  ASSERT_TRUE(bom.contains("vulnerabilities"));
  ASSERT_EQ(bom["vulnerabilities"].size(), 5u);
  const Json& log4j = bom["vulnerabilities"][0];
  EXPECT_EQ(log4j["id"], "CVE-2021-44228");
  EXPECT_EQ(log4j["source"]["name"], "cve");
  EXPECT_EQ(log4j["source"]["url"], "https://osv.dev/vulnerability/CVE-2021-44228");
  EXPECT_EQ(log4j["references"][0]["id"], "GHSA-jfh8-c2jp-5v3q");
  EXPECT_EQ(log4j["references"][0]["source"]["name"], "ghsa");
  EXPECT_EQ(log4j["ratings"][0]["method"], "CVSSv31");
  EXPECT_EQ(log4j["ratings"][0]["score"], 10.0);
  EXPECT_EQ(log4j["ratings"][0]["severity"], "critical");
  EXPECT_EQ(log4j["ratings"][0]["vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");
  EXPECT_EQ(log4j["ratings"][1]["method"], "other");
  EXPECT_EQ(log4j["recommendation"], "upgrade org.apache.logging.log4j:log4j-core to 2.15.0");
  EXPECT_EQ(log4j["advisories"][0]["url"], "https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
  const Json* component = FindComponent(bom, "log4j-core");
  ASSERT_NE(component, nullptr);
  EXPECT_EQ(log4j["affects"][0]["ref"], (*component)["bom-ref"]);
  EXPECT_EQ(log4j["affects"][0]["versions"][0]["version"], "2.19.0");
  EXPECT_EQ(log4j["affects"][0]["versions"][0]["status"], "affected");
  // Debian's own rating (shown severity) and the negligible one as CycloneDX "info".
  const Json& glibc = bom["vulnerabilities"][3];
  EXPECT_EQ(glibc["ratings"][1]["source"]["name"], "debian");
  EXPECT_EQ(glibc["ratings"][1]["severity"], "medium");
  EXPECT_EQ(bom["vulnerabilities"][4]["ratings"][0]["severity"], "info");
  std::set<std::string> refs;
  for (const Json& c : bom["components"]) refs.insert(c["bom-ref"]);
  for (const Json& v : bom["vulnerabilities"]) {
    EXPECT_TRUE(refs.count(v["affects"][0]["ref"])) << v["id"];
  }
}

TEST(CycloneDxWriterTest, UncheckedScanHasNoVulnerabilitiesKey) {
  EXPECT_FALSE(Render(testing::SampleScanResult()).contains("vulnerabilities"));
}

}  // namespace
}  // namespace moat::report
