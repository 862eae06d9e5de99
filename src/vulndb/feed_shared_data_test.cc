// The importers over the real feed samples in ../shared/data/advisories: record counts per
// source, no unexpected malformed records, and spot checks of one record per format.
#include <string>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::IsEmpty;
using testutil::AllEvents;
using testutil::CollectingSink;
using testutil::FindAffected;
using testutil::StatsFor;

struct Imported {
  CollectingSink sink;
  std::vector<ImportStats> stats;
};

Imported Import(const std::string& path) {
  Imported out;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, path, &out.sink);
  EXPECT_TRUE(stats.ok()) << stats.status();
  if (stats.ok()) out.stats = *std::move(stats);
  return out;
}

void ExpectStats(const Imported& imported, absl::string_view source, int64_t files, int64_t records,
                 int64_t skipped) {
  const ImportStats* s = StatsFor(imported.stats, source);
  ASSERT_NE(s, nullptr) << source;
  EXPECT_EQ(s->files, files) << source;
  EXPECT_EQ(s->records, records) << source;
  EXPECT_EQ(s->skipped, skipped) << source;
  EXPECT_EQ(s->malformed, 0) << source;
}

TEST(FeedSharedDataTest, GoVulndbEveryFileImports) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/go-vulndb-osv");
  Imported go = Import(dir);
  ExpectStats(go, "go-vulndb", 4291, 4291, 0);
  EXPECT_THAT(go.sink.malformed, IsEmpty());
  const Advisory* a = go.sink.Find("GO-2023-1840");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AllEvents(*FindAffected(*a, "golang", "", "stdlib")),
            "[introduced 0, fixed 1.19.10, introduced 1.20.0-0, fixed 1.20.5]");
}

TEST(FeedSharedDataTest, RustsecInformationalSkipped) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/rustsec-osv");
  Imported rust = Import(dir);
  ExpectStats(rust, "rustsec", 1206, 730, 476);
}

TEST(FeedSharedDataTest, PypaYaml) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/pypa-osv-yaml");
  Imported pypa = Import(dir);
  // PYSEC-2022-15 (loguru) names no version at all.
  ExpectStats(pypa, "pypa", 2661, 2660, 1);
  const Advisory* a = pypa.sink.Find("PYSEC-2021-335");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AllEvents(*FindAffected(*a, "pypi", "", "accesscontrol")),
            "[introduced 4.0, fixed 4.3, introduced 5.0, fixed 5.2]");
}

TEST(FeedSharedDataTest, GhsaLodash) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/ghsa-selected");
  Imported ghsa = Import(dir);
  ExpectStats(ghsa, "ghsa", 56, 55, 1);  // word-wrap's stored copy says "GitHub Actions"
  const Advisory* a = ghsa.sink.Find("GHSA-p6mc-m468-83gw");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->severity, "high");
  EXPECT_EQ(AllEvents(*FindAffected(*a, "npm", "", "lodash")), "[introduced 0, fixed 4.17.20]");
}

TEST(FeedSharedDataTest, NodejsSecurityWg) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/nodejs-security-wg");
  Imported npm = Import(dir);
  ExpectStats(npm, "npm-wg", 467, 467, 0);
  int raw = 0;
  for (const Advisory& a : npm.sink.advisories) {
    for (const std::string& v : a.affected[0].versions) raw += absl::StartsWith(v, "npm-range:");
  }
  EXPECT_EQ(raw, 8);  // the rest converted to events
  const Advisory* a = npm.sink.Find("NSWG-ECO-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AllEvents(*FindAffected(*a, "npm", "", "bassmaster")),
            "[introduced 0, last_affected 1.5.1]");
}

TEST(FeedSharedDataTest, AlpineSecdb) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/alpine-secdb");
  Imported alpine = Import(dir);
  ExpectStats(alpine, "alpine", 17, 11442, 15);  // 15 entries name no id ("CVE-????-?????")
  bool found = false;
  for (const Advisory& a : alpine.sink.advisories) {
    if (a.id != "CVE-2019-14904") continue;
    const AffectedPackage* p = FindAffected(a, "apk", "alpine:3.11", "ansible");
    if (p == nullptr) continue;
    found = true;
    EXPECT_EQ(AllEvents(*p), "[introduced 0, fixed 2.9.3-r0]");
  }
  EXPECT_TRUE(found);
}

TEST(FeedSharedDataTest, DebianDsaAndDlaLists) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/debian-security-tracker-2023");
  Imported debian = Import(dir);
  ExpectStats(debian, "debian", 2, 8913, 27);
  const Advisory* a = debian.sink.Find("DSA-5380-1");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(AllEvents(*FindAffected(*a, "deb", "debian:11", "xorg-server")),
            "[introduced 0, fixed 2:1.20.11-1+deb11u6]");
}

TEST(FeedSharedDataTest, VunnelDistroSamples) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories/vunnel-fixtures");
  Imported v = Import(dir);
  EXPECT_THAT(v.sink.malformed, IsEmpty());
  ExpectStats(v, "wolfi", 1, 59, 0);
  ExpectStats(v, "chainguard", 4, 192, 0);
  ExpectStats(v, "redhat", 8, 21, 0);
  ExpectStats(v, "ubuntu", 9, 9, 0);
  bool bookworm = false;
  for (const Advisory& a : v.sink.advisories) {
    if (a.id != "CVE-2022-0456" || a.source != "debian") continue;
    const AffectedPackage* p = FindAffected(a, "deb", "debian:12", "chromium");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(AllEvents(*p), "[introduced 0, fixed 98.0.4758.80-1]");
    bookworm = true;
  }
  EXPECT_TRUE(bookworm);
  bool rhel = false;
  for (const Advisory& a : v.sink.advisories) {
    if (a.id != "CVE-2023-6377") continue;
    const AffectedPackage* p = FindAffected(a, "rpm", "rhel:9", "tigervnc");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(AllEvents(*p), "[introduced 0, fixed 1.13.1-3.el9_3.3]");
    EXPECT_EQ(a.aliases[0], "RHSA-2024:0010");
    rhel = true;
  }
  EXPECT_TRUE(rhel);
}

TEST(FeedSharedDataTest, WholeFolderOnlyTrivysBrokenSamplesAreMalformed) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "advisories");
  Imported all = Import(dir);
  for (const auto& [file, reason] : all.sink.malformed) {
    EXPECT_TRUE(absl::StrContains(file, "trivy-db-testdata/") &&
                (absl::StrContains(file, "/sad") || absl::StrContains(file, "/broken")))
        << file << ": " << reason;
  }
  EXPECT_EQ(all.sink.malformed.size(), 35u);
  EXPECT_EQ(all.sink.advisories.size(), 28910u);
}

}  // namespace
}  // namespace moat::vulndb
