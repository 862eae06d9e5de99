#include "report/spdx_writer.h"

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
  auto doc = ParseJson(RenderSpdx(result, {}), "spdx");
  EXPECT_TRUE(doc.ok()) << doc.status();
  return doc.ok() ? *doc : Json::object();
}

const Json* FindPackage(const Json& doc, const std::string& name) {
  for (const Json& p : doc["packages"]) {
    if (p["name"] == name) return &p;
  }
  return nullptr;
}

TEST(SpdxWriterTest, HasRequiredDocumentFields) {
  Json doc = Render(testing::SampleScanResult());
  EXPECT_EQ(doc["spdxVersion"], "SPDX-2.3");
  EXPECT_EQ(doc["dataLicense"], "CC0-1.0");
  EXPECT_EQ(doc["SPDXID"], "SPDXRef-DOCUMENT");
  EXPECT_EQ(doc["name"], "registry.example.com/team/demo-app:1.4");
  EXPECT_TRUE(std::regex_match(
      doc["documentNamespace"].get<std::string>(),
      std::regex("^https://spdx\\.org/spdxdocs/moat/registry\\.example\\.com-team-demo-app-1\\.4-"
                 "[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")))
      << doc["documentNamespace"];
  EXPECT_EQ(doc["creationInfo"]["created"], "2026-11-28T14:06:58Z");
  EXPECT_EQ(doc["creationInfo"]["creators"], Json({"Tool: moat-0.1.0"}));
}

TEST(SpdxWriterTest, PackagesHaveRequiredFieldsAndValidUniqueIds) {
  ScanResult result = testing::SampleScanResult();
  inventory::Package odd = result.inventory.packages[0];
  odd.name = "weird name/with:chars_and_ünïcode";
  result.inventory.packages.push_back(odd);
  result.inventory.packages.push_back(odd);
  Json doc = Render(result);
  ASSERT_EQ(doc["packages"].size(), 2u + result.inventory.packages.size());
  std::set<std::string> ids = {"SPDXRef-DOCUMENT"};
  const std::regex id_form("^SPDXRef-[A-Za-z0-9.-]+$");
  for (const Json& p : doc["packages"]) {
    std::string id = p["SPDXID"];
    EXPECT_TRUE(std::regex_match(id, id_form)) << id;
    EXPECT_TRUE(ids.insert(id).second) << "duplicate " << id;
    for (const char* key : {"name", "downloadLocation", "licenseConcluded", "licenseDeclared",
                            "copyrightText", "supplier"}) {
      EXPECT_TRUE(p.contains(key) && p[key].is_string()) << id << " " << key;
    }
    EXPECT_EQ(p["filesAnalyzed"], false) << id;
    EXPECT_EQ(p["downloadLocation"], "NOASSERTION");
  }
  EXPECT_TRUE(ids.count("SPDXRef-Package-deb-weird-name-with-chars-and---n--code"));
  EXPECT_TRUE(ids.count("SPDXRef-Package-deb-weird-name-with-chars-and---n--code-2"));
}

TEST(SpdxWriterTest, RelationshipsDescribeTheImageWhichContainsEverything) {
  Json doc = Render(testing::SampleScanResult());
  std::set<std::string> ids;
  for (const Json& p : doc["packages"]) ids.insert(p["SPDXID"]);
  const Json& rels = doc["relationships"];
  ASSERT_EQ(rels.size(), doc["packages"].size());
  EXPECT_EQ(rels[0], Json::parse(R"({"spdxElementId":"SPDXRef-DOCUMENT",
      "relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-Image"})"));
  for (size_t i = 1; i < rels.size(); ++i) {
    EXPECT_EQ(rels[i]["spdxElementId"], "SPDXRef-Image");
    EXPECT_EQ(rels[i]["relationshipType"], "CONTAINS");
    EXPECT_TRUE(ids.count(rels[i]["relatedSpdxElement"])) << rels[i];
  }
}

TEST(SpdxWriterTest, PurlsAreExternalRefsAndImageHasDigestChecksum) {
  Json doc = Render(testing::SampleScanResult());
  const Json* babel = FindPackage(doc, "@babel/core");
  ASSERT_NE(babel, nullptr);
  EXPECT_EQ((*babel)["externalRefs"], Json::parse(R"([{"referenceCategory":"PACKAGE-MANAGER",
      "referenceType":"purl","referenceLocator":"pkg:npm/%40babel/core@7.0.0"}])"));
  EXPECT_EQ((*babel)["primaryPackagePurpose"], "LIBRARY");
  const Json& image = doc["packages"][0];
  EXPECT_EQ(image["SPDXID"], "SPDXRef-Image");
  EXPECT_EQ(image["primaryPackagePurpose"], "CONTAINER");
  EXPECT_EQ(image["checksums"][0]["algorithm"], "SHA256");
  EXPECT_EQ(image["checksums"][0]["checksumValue"], testing::SampleImage().digest.substr(7));
  const Json& os = doc["packages"][1];
  EXPECT_EQ(os["primaryPackagePurpose"], "OPERATING-SYSTEM");
  EXPECT_EQ(os["versionInfo"], "12.15");
}

TEST(SpdxWriterTest, UnknownLicensesBecomeDeclaredLicenseRefs) {
  ScanResult result = testing::SampleScanResult();
  inventory::Package p = result.inventory.packages[0];
  p.name = "odd-licenses";
  p.licenses = {"GPL-2+",
                "Expat",
                "GPL-2+",
                "BSD",
                "see LICENSE file",
                "MIT OR Apache-2.0",
                "LicenseRef-from-image"};
  result.inventory.packages.push_back(p);
  Json doc = Render(result);
  EXPECT_EQ((*FindPackage(doc, "libc6"))["licenseDeclared"], "GPL-2.0-only AND LGPL-2.1-only");
  EXPECT_EQ((*FindPackage(doc, "libc6"))["licenseConcluded"], "NOASSERTION");
  EXPECT_EQ((*FindPackage(doc, "bsdutils"))["licenseDeclared"],
            "GPL-2.0 AND LicenseRef-public-domain AND BSD-4-Clause");
  EXPECT_EQ((*FindPackage(doc, "odd-licenses"))["licenseDeclared"],
            "GPL-2.0-or-later AND MIT AND LicenseRef-BSD AND LicenseRef-see-LICENSE-file AND "
            "(MIT OR Apache-2.0) AND LicenseRef-LicenseRef-from-image");
  EXPECT_EQ((*FindPackage(doc, "jest"))["licenseDeclared"], "NOASSERTION");
  std::set<std::string> declared;
  for (const Json& info : doc["hasExtractedLicensingInfos"]) {
    declared.insert(info["licenseId"]);
    EXPECT_FALSE(info["extractedText"].get<std::string>().empty());
  }
  EXPECT_THAT(declared, ::testing::UnorderedElementsAre(
                            "LicenseRef-public-domain", "LicenseRef-BSD",
                            "LicenseRef-see-LICENSE-file", "LicenseRef-LicenseRef-from-image"));
}

TEST(SpdxWriterTest, LicenseRefIdsStayUniqueWhenTextsSanitiseAlike) {
  ScanResult result;
  inventory::Package p;
  p.name = "x";
  p.licenses = {"a b", "a/b", "a_b"};
  result.inventory.packages.push_back(p);
  Json doc = Render(result);
  std::set<std::string> ids;
  for (const Json& info : doc["hasExtractedLicensingInfos"]) {
    EXPECT_TRUE(ids.insert(info["licenseId"]).second) << info;
    EXPECT_TRUE(std::regex_match(info["licenseId"].get<std::string>(),
                                 std::regex("^LicenseRef-[A-Za-z0-9.-]+$")));
  }
  EXPECT_EQ(ids.size(), 3u);
}

TEST(SpdxWriterTest, EmptyResultIsStillAValidDocument) {
  Json doc = Render(ScanResult{});
  EXPECT_EQ(doc["name"], "unnamed");
  EXPECT_EQ(doc["creationInfo"]["created"], "1970-01-01T00:00:00Z");
  ASSERT_EQ(doc["packages"].size(), 1u);
  EXPECT_EQ(doc["packages"][0]["name"], "unnamed");
  EXPECT_FALSE(doc.contains("hasExtractedLicensingInfos"));
}

TEST(SpdxWriterTest, VulnerabilitiesAreSecurityAdvisoryRefs) {
  Json doc = Render(testing::SampleScanResultWithVulnerabilities());
  const Json* axios = FindPackage(doc, "axios");
  ASSERT_NE(axios, nullptr);
  const Json& refs = (*axios)["externalRefs"];
  ASSERT_EQ(refs.size(), 3u);
  EXPECT_EQ(refs[0]["referenceType"], "purl");
  EXPECT_EQ(refs[1]["referenceCategory"], "SECURITY");
  EXPECT_EQ(refs[1]["referenceType"], "advisory");
  EXPECT_EQ(refs[1]["referenceLocator"], "https://osv.dev/vulnerability/CVE-2021-3749");
  EXPECT_EQ(refs[1]["comment"], "CVE-2021-3749 high fixed: upgrade axios to 0.21.2");
  const Json* jest = FindPackage(doc, "jest");
  ASSERT_NE(jest, nullptr);
  EXPECT_EQ((*jest)["externalRefs"].size(), 1u);
}

}  // namespace
}  // namespace moat::report
