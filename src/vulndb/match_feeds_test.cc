// Per distro feed format: a feed file goes through its importer into a database and the
// matcher reports a package below the fixed version, stays silent at and above it, and reports
// an unfixed one as unfixed (tests/fixtures/match).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_vuln_database.h"
#include "testing/paths.h"
#include "vulndb/feed_import.h"
#include "vulndb/match.h"

namespace moat::vulndb {
namespace {

using inventory::Ecosystem;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class FakeDatabaseSink : public AdvisorySink {
 public:
  explicit FakeDatabaseSink(moat::testing::FakeVulnDatabase* db) : db_(db) {}
  void Add(Advisory advisory) override { db_->Add(advisory); }
  void Malformed(const std::string& file, const std::string& reason) override {
    ADD_FAILURE() << file << ": " << reason;
  }

 private:
  moat::testing::FakeVulnDatabase* db_;
};

class MatchFeedsTest : public ::testing::Test {
 protected:
  void Import(const std::string& dir) {
    platform::PosixFileSystem fs;
    FakeDatabaseSink sink(&db_);
    auto stats = ImportFeedPath(&fs, moat::testing::FixturePath("match/" + dir), &sink);
    ASSERT_TRUE(stats.ok()) << stats.status();
  }

  std::vector<Vulnerability> Match(inventory::OsInfo os, inventory::Package p) {
    inventory::Inventory inv;
    inv.os = std::move(os);
    inv.packages = {std::move(p)};
    auto found = MatchInventory(inv, db_);
    EXPECT_TRUE(found.ok()) << found.status();
    return found.ok() ? *found : std::vector<Vulnerability>();
  }

  moat::testing::FakeVulnDatabase db_;
};

inventory::Package Pkg(Ecosystem ecosystem, std::string name, std::string version,
                       std::string source) {
  inventory::Package p;
  p.ecosystem = ecosystem;
  p.name = std::move(name);
  p.version = std::move(version);
  p.source_name = std::move(source);
  return p;
}

const Vulnerability* Find(const std::vector<Vulnerability>& found, const std::string& id) {
  for (const auto& v : found) {
    if (v.id == id) return &v;
  }
  return nullptr;
}

std::vector<std::string> Ids(const std::vector<Vulnerability>& found) {
  std::vector<std::string> ids;
  for (const auto& v : found) ids.push_back(v.id);
  return ids;
}

inventory::OsInfo Os(std::string family, std::string version) {
  return inventory::OsInfo{std::move(family), "", std::move(version), "", false};
}

TEST_F(MatchFeedsTest, DebianTrackerAndDsaList) {
  Import("debian");
  auto below =
      Match(Os("debian", "12.15"), Pkg(Ecosystem::kDeb, "libssl3", "3.0.11-1~deb12u1", "openssl"));
  ASSERT_THAT(Ids(below), UnorderedElementsAre("CVE-2030-0101", "CVE-2030-0102"));
  const Vulnerability* both = Find(below, "CVE-2030-0101");
  EXPECT_THAT(both->aliases, ElementsAre("DSA-9001-1"));  // tracker and DSA merged
  EXPECT_THAT(both->fixed_versions, ElementsAre("3.0.11-1~deb12u2"));
  EXPECT_EQ(both->fix, "upgrade libssl3 (source openssl) to 3.0.11-1~deb12u2");
  EXPECT_EQ(both->severity, "high");  // the tracker's urgency
  EXPECT_EQ(both->severity_source, "vendor:debian");
  EXPECT_THAT(Find(below, "CVE-2030-0102")->aliases, ElementsAre("DSA-9001-1"));
  EXPECT_THAT(
      Match(Os("debian", "12.15"), Pkg(Ecosystem::kDeb, "libssl3", "3.0.11-1~deb12u2", "openssl")),
      IsEmpty());
  EXPECT_THAT(
      Match(Os("debian", "12.15"), Pkg(Ecosystem::kDeb, "libssl3", "3.0.13-1~deb12u1", "openssl")),
      IsEmpty());

  auto zlib =
      Match(Os("debian", "12.15"), Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1", "zlib"));
  EXPECT_THAT(Ids(zlib), UnorderedElementsAre("CVE-2030-0001", "CVE-2030-0002", "CVE-2030-0003"));
  EXPECT_EQ(Find(zlib, "CVE-2030-0001")->state, FixState::kFixed);
  EXPECT_EQ(Find(zlib, "CVE-2030-0002")->state, FixState::kUnfixed);
  EXPECT_EQ(Find(zlib, "CVE-2030-0003")->state, FixState::kWillNotFix);
  auto patched = Match(Os("debian", "12.15"),
                       Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1+deb12u1", "zlib"));
  EXPECT_THAT(Ids(patched), UnorderedElementsAre("CVE-2030-0002", "CVE-2030-0003"));
  // Another release's data never applies.
  EXPECT_THAT(
      Match(Os("debian", "11.9"), Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.11.dfsg-2", "zlib")),
      IsEmpty());
}

TEST_F(MatchFeedsTest, AlpineSecdb) {
  Import("alpine");
  auto below =
      Match(Os("alpine", "3.18.4"), Pkg(Ecosystem::kApk, "libcrypto3", "3.1.4-r2", "openssl"));
  ASSERT_THAT(Ids(below), ElementsAre("CVE-2030-0202"));  // r1 fixed 0201; "0" = not affected
  EXPECT_THAT(below[0].fixed_versions, ElementsAre("3.1.4-r3"));
  EXPECT_EQ(below[0].fix, "upgrade libcrypto3 (source openssl) to 3.1.4-r3");
  EXPECT_THAT(
      Match(Os("alpine", "3.18.4"), Pkg(Ecosystem::kApk, "libcrypto3", "3.1.4-r3", "openssl")),
      IsEmpty());
  EXPECT_THAT(
      Match(Os("alpine", "3.19.1"), Pkg(Ecosystem::kApk, "libcrypto3", "3.1.4-r0", "openssl")),
      IsEmpty());
  // secdb lists fixes only: it has no way to say "affected, unfixed".
}

TEST_F(MatchFeedsTest, RedHatCsaf) {
  Import("redhat");
  auto below =
      Match(Os("rhel", "9.3"), Pkg(Ecosystem::kRpm, "openssl-libs", "1:3.0.7-24.el9", "openssl"));
  ASSERT_THAT(Ids(below), UnorderedElementsAre("CVE-2030-0301", "CVE-2030-0302"));
  const Vulnerability* fixed = Find(below, "CVE-2030-0301");
  EXPECT_EQ(fixed->state, FixState::kFixed);
  EXPECT_THAT(fixed->fixed_versions, ElementsAre("1:3.0.7-25.el9_3"));
  EXPECT_EQ(fixed->severity, "high");  // Red Hat "Important"
  EXPECT_EQ(fixed->severity_source, "vendor:redhat");
  EXPECT_DOUBLE_EQ(fixed->cvss_score, 7.5);
  EXPECT_EQ(Find(below, "CVE-2030-0302")->state, FixState::kWillNotFix);
  auto at =
      Match(Os("rhel", "9.3"), Pkg(Ecosystem::kRpm, "openssl-libs", "1:3.0.7-25.el9_3", "openssl"));
  EXPECT_THAT(Ids(at), ElementsAre("CVE-2030-0302"));
  // Rocky 8 is matched as RHEL 8, where no fix exists yet.
  auto rhel8 =
      Match(Os("rocky", "8.9"), Pkg(Ecosystem::kRpm, "openssl-libs", "1:1.1.1k-9.el8", "openssl"));
  ASSERT_THAT(Ids(rhel8), ElementsAre("CVE-2030-0301"));
  EXPECT_EQ(rhel8[0].state, FixState::kUnfixed);
}

TEST_F(MatchFeedsTest, UbuntuOsv) {
  Import("ubuntu");
  auto below =
      Match(Os("ubuntu", "22.04"), Pkg(Ecosystem::kDeb, "libcurl4", "7.81.0-1ubuntu1.15", "curl"));
  ASSERT_EQ(below.size(), 2u);
  const Vulnerability* usn = nullptr;
  for (const auto& v : below) {
    if (v.id == "USN-9002-1" || std::count(v.aliases.begin(), v.aliases.end(), "USN-9002-1"))
      usn = &v;
  }
  ASSERT_NE(usn, nullptr);
  EXPECT_THAT(usn->fixed_versions, ElementsAre("7.81.0-1ubuntu1.16"));
  EXPECT_EQ(usn->fix, "upgrade libcurl4 (source curl) to 7.81.0-1ubuntu1.16");
  auto at =
      Match(Os("ubuntu", "22.04"), Pkg(Ecosystem::kDeb, "libcurl4", "7.81.0-1ubuntu1.16", "curl"));
  ASSERT_EQ(at.size(), 1u);  // only the unfixed one is left
  EXPECT_EQ(at[0].state, FixState::kUnfixed);
  EXPECT_THAT(at[0].fixed_versions, IsEmpty());
  EXPECT_THAT(
      Match(Os("ubuntu", "20.04"), Pkg(Ecosystem::kDeb, "libcurl4", "7.68.0-1ubuntu2", "curl")),
      IsEmpty());
}

}  // namespace
}  // namespace moat::vulndb
