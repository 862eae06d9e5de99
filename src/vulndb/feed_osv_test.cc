// OSV importer over tests/fixtures/feeds/osv: Go vulndb, GHSA, PyPA YAML, RustSec, Ubuntu USN,
// Chainguard, a multi-record array with malformed records, and a truncated file.
#include "vulndb/feed_osv.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vulndb/feed_osv_ecosystem.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using testutil::AllEvents;
using testutil::FindAffected;
using testutil::StatsFor;

class OsvFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    import_ = new testutil::FixtureImport(testutil::ImportFixture("osv"));
  }
  static void TearDownTestSuite() { delete import_; }
  const Advisory& Get(const std::string& id) {
    const Advisory* a = import_->sink.Find(id);
    EXPECT_NE(a, nullptr) << id;
    static const Advisory kEmpty;
    return a == nullptr ? kEmpty : *a;
  }
  static testutil::FixtureImport* import_;
};
testutil::FixtureImport* OsvFixtureTest::import_ = nullptr;

TEST_F(OsvFixtureTest, GoStdlibAndModuleRanges) {
  const Advisory& a = Get("GO-2023-1840");
  EXPECT_EQ(a.source, "go-vulndb");
  EXPECT_THAT(a.aliases, ElementsAre("CVE-2023-29403"));
  EXPECT_EQ(a.summary, "Unsafe behavior in setuid/setgid binaries in runtime");
  EXPECT_EQ(a.published, "2023-06-08T18:00:00Z");
  EXPECT_EQ(a.modified, "2023-06-08T19:00:00Z");
  EXPECT_THAT(a.references, ElementsAre("https://go.dev/issue/60272", "https://go.dev/cl/501223"));
  ASSERT_EQ(a.affected.size(), 2u);
  const AffectedPackage* stdlib = FindAffected(a, "golang", "", "stdlib");
  ASSERT_NE(stdlib, nullptr);
  ASSERT_EQ(stdlib->ranges.size(), 1u);
  EXPECT_EQ(stdlib->ranges[0].type, VersionRange::Type::kSemver);
  EXPECT_EQ(AllEvents(*stdlib), "[introduced 0, fixed 1.19.10, introduced 1.20.0-0, fixed 1.20.5]");
  EXPECT_EQ(stdlib->state, FixState::kFixed);
  const AffectedPackage* net = FindAffected(a, "golang", "", "golang.org/x/net");
  ASSERT_NE(net, nullptr);
  EXPECT_EQ(AllEvents(*net), "[introduced 0, fixed 0.10.0]");
}

TEST_F(OsvFixtureTest, GhsaSeverityCvssAndNpmPackages) {
  const Advisory& a = Get("GHSA-p6mc-m468-83gw");
  EXPECT_EQ(a.source, "ghsa");
  EXPECT_EQ(a.severity, "high");
  ASSERT_EQ(a.cvss.size(), 2u);
  EXPECT_EQ(a.cvss[0].version, "3.1");
  EXPECT_EQ(a.cvss[0].vector, "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H");
  EXPECT_EQ(a.cvss[0].source, "ghsa");
  EXPECT_EQ(a.cvss[1].version, "4.0");
  const AffectedPackage* lodash = FindAffected(a, "npm", "", "lodash");
  ASSERT_NE(lodash, nullptr);
  EXPECT_EQ(lodash->ranges[0].type, VersionRange::Type::kEcosystem);
  EXPECT_EQ(AllEvents(*lodash), "[introduced 0, fixed 4.17.20]");
  const AffectedPackage* scoped = FindAffected(a, "npm", "", "@lodash/set");
  ASSERT_NE(scoped, nullptr);
  EXPECT_EQ(AllEvents(*scoped), "[introduced 4.0.0, last_affected 4.17.21]");
  EXPECT_EQ(scoped->state, FixState::kFixed);
}

TEST_F(OsvFixtureTest, WithdrawnMavenAndPypiNamesUnknownEcosystemDropped) {
  const Advisory& a = Get("GHSA-2jcg-qqmg-46q6");
  EXPECT_TRUE(a.withdrawn);
  EXPECT_EQ(a.severity, "medium");   // "MODERATE"
  ASSERT_EQ(a.affected.size(), 2u);  // the Hex entry is dropped
  EXPECT_NE(FindAffected(a, "maven", "", "org.apache.logging.log4j:log4j-core"), nullptr);
  const AffectedPackage* pypi = FindAffected(a, "pypi", "", "django-rest-framework");
  ASSERT_NE(pypi, nullptr);
  EXPECT_TRUE(pypi->ranges.empty());
  EXPECT_THAT(pypi->versions, ElementsAre("3.0", "3.1"));
}

TEST_F(OsvFixtureTest, PypaYamlDropsGitRangesKeepsVersions) {
  const Advisory& a = Get("PYSEC-2021-335");
  EXPECT_EQ(a.source, "pypa");
  EXPECT_THAT(a.aliases, ElementsAre("CVE-2021-32807", "GHSA-qcx9-j53g-ccgf"));
  ASSERT_EQ(a.affected.size(), 1u);
  EXPECT_EQ(a.affected[0].package, "accesscontrol");
  EXPECT_EQ(AllEvents(a.affected[0]), "[introduced 4.0, fixed 4.3, introduced 5.0, fixed 5.2]");
  EXPECT_THAT(a.affected[0].versions, ElementsAre("4.0", "4.1", "4.2", "5.0", "5.1"));
  EXPECT_EQ(a.modified, "2021-09-26T23:32:08.989778Z");
}

TEST_F(OsvFixtureTest, RustsecVulnerabilityKeptInformationalSkipped) {
  const Advisory& a = Get("RUSTSEC-2020-0071");
  EXPECT_EQ(a.source, "rustsec");
  EXPECT_EQ(AllEvents(*FindAffected(a, "cargo", "", "time")), "[introduced 0.0.0-0, fixed 0.2.23]");
  EXPECT_EQ(import_->sink.Find("RUSTSEC-2021-0139"), nullptr);
  const ImportStats* stats = StatsFor(import_->stats, "rustsec");
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->records, 1);
  EXPECT_EQ(stats->skipped, 1);
}

TEST_F(OsvFixtureTest, UbuntuReleasesProMergedFipsDropped) {
  const Advisory& a = Get("USN-5570-1");
  EXPECT_EQ(a.source, "ubuntu");
  EXPECT_THAT(a.aliases, ElementsAre("CVE-2022-37434", "UBUNTU-CVE-2022-37434"));
  EXPECT_EQ(a.severity, "medium");
  ASSERT_EQ(a.affected.size(), 2u);
  const AffectedPackage* jammy = FindAffected(a, "deb", "ubuntu:22.04", "zlib");
  ASSERT_NE(jammy, nullptr);
  EXPECT_EQ(AllEvents(*jammy), "[introduced 0, fixed 1:1.2.11.dfsg-2ubuntu9.1]");
  EXPECT_EQ(jammy->vendor_severity, "medium");
  // Ubuntu Pro's fix outranks the unfixed entry of the same release.
  const AffectedPackage* xenial = FindAffected(a, "deb", "ubuntu:16.04", "zlib");
  ASSERT_NE(xenial, nullptr);
  EXPECT_EQ(xenial->state, FixState::kFixed);
  EXPECT_EQ(AllEvents(*xenial), "[introduced 0, fixed 1:1.2.8.dfsg-2ubuntu4.3+esm2]");
}

TEST_F(OsvFixtureTest, ChainguardWolfiDebianAlpineDistroKeys) {
  const Advisory& a = Get("CGA-xcpc-gm23-prj9");
  EXPECT_EQ(a.source, "chainguard");
  EXPECT_THAT(a.aliases, ElementsAre("CVE-2025-68121", "GHSA-qgxr-kfqx-v5q9"));
  EXPECT_EQ(AllEvents(*FindAffected(a, "apk", "chainguard", "syncthing")),
            "[introduced 0, fixed 2.0.14-r1]");
  EXPECT_EQ(AllEvents(*FindAffected(a, "apk", "wolfi", "syncthing")),
            "[introduced 0, fixed 2.0.14-r0]");
  const AffectedPackage* debian = FindAffected(a, "deb", "debian:12", "syncthing");
  ASSERT_NE(debian, nullptr);
  EXPECT_EQ(debian->state, FixState::kUnfixed);
  EXPECT_NE(FindAffected(a, "apk", "alpine:3.18", "syncthing"), nullptr);
}

TEST_F(OsvFixtureTest, ArrayOfRecordsOtherEcosystems) {
  const Advisory& a = Get("OSV-2024-0001");
  EXPECT_EQ(a.source, "osv");
  EXPECT_EQ(AllEvents(*FindAffected(a, "gem", "", "rack")),
            "[introduced 2.0.0, fixed 2.2.8.1, introduced 3.0.0, fixed 3.0.9.1]");
  EXPECT_NE(FindAffected(a, "nuget", "", "Newtonsoft.Json"), nullptr);
  EXPECT_NE(FindAffected(a, "composer", "", "symfony/http-kernel"), nullptr);
}

TEST_F(OsvFixtureTest, MalformedRecordsAndFilesWithExactReasons) {
  EXPECT_THAT(
      import_->sink.MalformedLines(),
      ElementsAre(
          "GHSA-trun-cate-d000.json: invalid JSON at byte 99: parse error at line 4, column 50: "
          "syntax error while parsing value - invalid string: missing closing quote; last read: "
          "'\"lef'",
          "all-records.json: OSV-2024-0002: affected[0].ranges[0]: events out of order: 1.3.0 "
          "closes a range that was not introduced",
          "all-records.json: OSV-2024-0003: affected: not an array",
          "all-records.json: OSV record has no id",
          "all-records.json: OSV-2024-0004: affected[0].ranges[0].events[0]: more than one of "
          "introduced, fixed, last_affected, limit",
          "all-records.json: OSV-2024-0005: affected[0].ranges[0].events[0]: introduced is not a "
          "string",
          "all-records.json: OSV-2024-0006: affected[0].ranges[0]: events out of order: "
          "introduced 1.6.1 follows an open introduced"));
  EXPECT_EQ(StatsFor(import_->stats, "ghsa")->malformed, 1);
  EXPECT_EQ(StatsFor(import_->stats, "osv")->malformed, 6);
  EXPECT_EQ(import_->sink.advisories.size(), 8u);
}

TEST(OsvEcosystemTest, MapsToPurlTypesAndDistroKeys) {
  struct Case {
    const char* osv;
    const char* ecosystem;
    const char* distro;
  };
  const Case kCases[] = {
      {"npm", "npm", ""},
      {"PyPI", "pypi", ""},
      {"Go", "golang", ""},
      {"crates.io", "cargo", ""},
      {"Maven", "maven", ""},
      {"RubyGems", "gem", ""},
      {"NuGet", "nuget", ""},
      {"Packagist", "composer", ""},
      {"Debian:12", "deb", "debian:12"},
      {"Alpine:v3.18", "apk", "alpine:3.18"},
      {"Ubuntu:22.04:LTS", "deb", "ubuntu:22.04"},
      {"Ubuntu:Pro:16.04:LTS", "deb", "ubuntu:16.04"},
      {"Ubuntu:25.10", "deb", "ubuntu:25.10"},
      {"Wolfi", "apk", "wolfi"},
      {"Chainguard", "apk", "chainguard"},
  };
  for (const Case& c : kCases) {
    EcosystemKey key;
    ASSERT_TRUE(MapOsvEcosystem(c.osv, &key)) << c.osv;
    EXPECT_EQ(key.ecosystem, c.ecosystem) << c.osv;
    EXPECT_EQ(key.distro, c.distro) << c.osv;
  }
  for (const char* unknown : {"Hex", "Pub", "GitHub Actions", "Ubuntu:Pro:FIPS:20.04:LTS",
                              "Rocky Linux:8", "AlmaLinux:9", "Debian:", "pypi"}) {
    EcosystemKey key;
    EXPECT_FALSE(MapOsvEcosystem(unknown, &key)) << unknown;
  }
  EXPECT_EQ(NormalizePackageName("pypi", "Zope.Interface__x"), "zope-interface-x");
  EXPECT_EQ(NormalizePackageName("npm", "@Scope/Name"), "@Scope/Name");
}

TEST(OsvSourceTest, IdPrefixes) {
  EXPECT_EQ(OsvSource("GHSA-p6mc-m468-83gw"), "ghsa");
  EXPECT_EQ(OsvSource("GO-2023-1840"), "go-vulndb");
  EXPECT_EQ(OsvSource("RUSTSEC-2020-0071"), "rustsec");
  EXPECT_EQ(OsvSource("PYSEC-2021-335"), "pypa");
  EXPECT_EQ(OsvSource("UBUNTU-CVE-2021-3782"), "ubuntu");
  EXPECT_EQ(OsvSource("USN-5614-1"), "ubuntu");
  EXPECT_EQ(OsvSource("CGA-xcpc-gm23-prj9"), "chainguard");
  EXPECT_EQ(OsvSource("MAL-2024-1"), "osv");
}

}  // namespace
}  // namespace moat::vulndb
