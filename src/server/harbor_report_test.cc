// Harbor's report documents made from stored scans: severities, the vulnerability items, the
// worst severity, and the SBOM report in CycloneDX and SPDX.
#include "server/harbor_report.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::server {
namespace {

HarborReportHeader Header() {
  HarborReportHeader header;
  header.artifact = {"library/app", "sha256:" + std::string(64, 'a'), "1.0", kOciManifestMime};
  header.scanner_version = "0.1.0";
  header.generated_at = "2026-11-28T14:06:58Z";
  return header;
}

TEST(HarborReportTest, MapsMoatSeveritiesToHarbors) {
  EXPECT_EQ(HarborSeverity("critical"), "Critical");
  EXPECT_EQ(HarborSeverity("high"), "High");
  EXPECT_EQ(HarborSeverity("MEDIUM"), "Medium");
  EXPECT_EQ(HarborSeverity("low"), "Low");
  EXPECT_EQ(HarborSeverity("negligible"), "Negligible");
  EXPECT_EQ(HarborSeverity("unknown"), "Unknown");
  EXPECT_EQ(HarborSeverity("bogus"), "Unknown");
}

TEST(HarborReportTest, ConvertsVulnerabilitiesAndTakesTheWorstSeverity) {
  Json moat = {{"schemaVersion", 1},
               {"vulnerabilities",
                {{{"id", "CVE-2023-0001"},
                  {"aliases", {"GHSA-xxxx"}},
                  {"ecosystem", "deb"},
                  {"package", "openssl"},
                  {"installedVersion", "3.0.1-1"},
                  {"fixedVersions", {"3.0.2-1", "3.1.0-1"}},
                  {"severity", "medium"},
                  {"cvssScore", 5.5},
                  {"cvssVector", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N"},
                  {"title", "A flaw"},
                  {"references", {"https://example.org/1"}}},
                 {{"id", "CVE-2023-0002"},
                  {"package", "zlib"},
                  {"installedVersion", "1.2"},
                  {"fixedVersions", Json::array()},
                  {"severity", "high"},
                  {"cvssVector", "AV:N/AC:L/Au:N/C:N/I:N/A:P"},
                  {"cvssScore", 5.0}},
                 "not an object"}}};
  auto report = HarborVulnerabilityReport(DumpJson(moat), Header());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ((*report)["generated_at"], "2026-11-28T14:06:58Z");
  EXPECT_EQ((*report)["severity"], "High");
  EXPECT_EQ((*report)["scanner"],
            (Json{{"name", "Moat"}, {"vendor", "Moat"}, {"version", "0.1.0"}}));
  EXPECT_EQ((*report)["artifact"]["repository"], "library/app");
  EXPECT_EQ((*report)["artifact"]["tag"], "1.0");
  EXPECT_EQ((*report)["artifact"]["mime_type"], kOciManifestMime);
  ASSERT_EQ((*report)["vulnerabilities"].size(), 2u);
  const Json& first = (*report)["vulnerabilities"][0];
  EXPECT_EQ(first["id"], "CVE-2023-0001");
  EXPECT_EQ(first["package"], "openssl");
  EXPECT_EQ(first["version"], "3.0.1-1");
  EXPECT_EQ(first["fix_version"], "3.0.2-1");
  EXPECT_EQ(first["severity"], "Medium");
  EXPECT_EQ(first["description"], "A flaw");
  EXPECT_EQ(first["links"], (Json{"https://example.org/1"}));
  EXPECT_EQ(first["preferred_cvss"]["score_v3"], 5.5);
  EXPECT_EQ(first["preferred_cvss"]["vector_v3"], "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N");
  EXPECT_EQ(first["vendor_attributes"]["aliases"], (Json{"GHSA-xxxx"}));
  const Json& second = (*report)["vulnerabilities"][1];
  EXPECT_EQ(second["fix_version"], "");
  EXPECT_EQ(second["preferred_cvss"]["vector_v2"], "AV:N/AC:L/Au:N/C:N/I:N/A:P");
  EXPECT_EQ(second["preferred_cvss"]["score_v2"], 5.0);
}

TEST(HarborReportTest, NoVulnerabilitiesIsUnknownSeverityAndAnEmptyList) {
  auto report = HarborVulnerabilityReport(R"({"vulnerabilities": []})", Header());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ((*report)["severity"], "Unknown");
  EXPECT_TRUE((*report)["vulnerabilities"].is_array());
  EXPECT_TRUE((*report)["vulnerabilities"].empty());
  EXPECT_EQ(HarborVulnerabilityReport("[1]", Header()).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(HarborVulnerabilityReport("{", Header()).ok());
}

store::ScanRecord ScanWithInventory() {
  store::ScanRecord scan;
  scan.image.digest = "sha256:" + std::string(64, 'a');
  scan.image.repository = "127.0.0.1:5000/library/app";
  scan.image.tags = {"1.0"};
  scan.inventory_json = R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
    "components": [{"type": "library", "name": "lodash", "version": "4.17.20",
                    "purl": "pkg:npm/lodash@4.17.20", "bom-ref": "pkg:npm/lodash@4.17.20"}]})";
  return scan;
}

TEST(HarborReportTest, SbomReportCarriesTheStoredCycloneDx) {
  auto report = HarborSbomReport(ScanWithInventory(), kCycloneDxMime, Header());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ((*report)["media_type"], kCycloneDxMime);
  EXPECT_EQ((*report)["sbom"]["bomFormat"], "CycloneDX");
  EXPECT_EQ((*report)["sbom"]["components"][0]["name"], "lodash");
  EXPECT_EQ((*report)["artifact"]["digest"], "sha256:" + std::string(64, 'a'));
  EXPECT_EQ((*report)["scanner"]["name"], "Moat");
}

TEST(HarborReportTest, SbomReportWritesSpdxFromTheInventory) {
  auto report = HarborSbomReport(ScanWithInventory(), kSpdxMime, Header());
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ((*report)["media_type"], kSpdxMime);
  const Json& sbom = (*report)["sbom"];
  EXPECT_EQ(sbom["spdxVersion"], "SPDX-2.3");
  std::vector<std::string> names;
  for (const Json& package : sbom["packages"]) names.push_back(JsonString(package, "name"));
  EXPECT_THAT(names, ::testing::Contains("lodash"));
}

TEST(HarborReportTest, SbomReportRefusesOtherFormatsAndScansWithoutInventory) {
  EXPECT_EQ(HarborSbomReport(ScanWithInventory(), "text/plain", Header()).status().code(),
            absl::StatusCode::kInvalidArgument);
  store::ScanRecord bare = ScanWithInventory();
  bare.inventory_json.clear();
  EXPECT_EQ(HarborSbomReport(bare, kCycloneDxMime, Header()).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace moat::server
