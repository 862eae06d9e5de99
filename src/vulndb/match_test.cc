#include "vulndb/match.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_vuln_database.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using Kind = RangeEvent::Kind;
using inventory::Ecosystem;

VersionRange Range(std::vector<RangeEvent> events,
                   VersionRange::Type type = VersionRange::Type::kEcosystem) {
  return {type, std::move(events)};
}

AffectedPackage App(std::string ecosystem, std::string package, std::vector<VersionRange> ranges) {
  AffectedPackage entry;
  entry.ecosystem = std::move(ecosystem);
  entry.package = std::move(package);
  entry.ranges = std::move(ranges);
  return entry;
}

AffectedPackage Distro(std::string ecosystem, std::string distro, std::string package,
                       FixState state, std::string fixed = "") {
  AffectedPackage entry;
  entry.ecosystem = std::move(ecosystem);
  entry.distro = std::move(distro);
  entry.package = std::move(package);
  entry.state = state;
  if (!fixed.empty()) entry.ranges = {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, fixed}})};
  return entry;
}

Advisory Adv(std::string id, std::vector<std::string> aliases, std::string source,
             std::vector<AffectedPackage> affected) {
  Advisory a;
  a.id = std::move(id);
  a.aliases = std::move(aliases);
  a.source = std::move(source);
  a.summary = "summary of " + a.id;
  a.affected = std::move(affected);
  return a;
}

inventory::Package Pkg(Ecosystem ecosystem, std::string name, std::string version,
                       std::string source_name = "", std::string source_version = "") {
  inventory::Package p;
  p.ecosystem = ecosystem;
  p.name = std::move(name);
  p.version = std::move(version);
  p.source_name = std::move(source_name);
  p.source_version = std::move(source_version);
  p.found_in = "/somewhere";
  return p;
}

inventory::Inventory Debian12(std::vector<inventory::Package> packages) {
  inventory::Inventory inv;
  inv.os =
      inventory::OsInfo{"debian", "Debian GNU/Linux 12 (bookworm)", "12.15", "bookworm", false};
  inv.packages = std::move(packages);
  return inv;
}

class MatchTest : public ::testing::Test {
 protected:
  std::vector<Vulnerability> Match(const inventory::Inventory& inv, MatchOptions options = {}) {
    auto result = MatchInventory(inv, db_, options, &stats_);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? *result : std::vector<Vulnerability>();
  }

  moat::testing::FakeVulnDatabase db_;
  MatchStats stats_;
};

TEST_F(MatchTest, NpmRangesAndBoundaries) {
  Advisory p6mc = Adv(
      "GHSA-p6mc-m468-83gw", {"CVE-2020-8203"}, "ghsa",
      {App("npm", "lodash", {Range({{Kind::kIntroduced, "3.7.0"}, {Kind::kFixed, "4.17.19"}})})});
  p6mc.cvss = {{"3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H", 0, "ghsa"}};
  p6mc.severity = "high";
  db_.Add(p6mc);
  db_.Add(
      Adv("GHSA-jf85-cpcp-j695", {"CVE-2019-10744"}, "ghsa",
          {App("npm", "lodash", {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "4.17.12"}})})}));
  auto found = Match(Debian12({Pkg(Ecosystem::kNpm, "lodash", "4.17.15")}));
  ASSERT_THAT(found, SizeIs(1));
  const Vulnerability& v = found[0];
  EXPECT_EQ(v.id, "CVE-2020-8203");
  EXPECT_THAT(v.aliases, ElementsAre("GHSA-p6mc-m468-83gw"));
  EXPECT_EQ(v.package, "lodash");
  EXPECT_EQ(v.installed_version, "4.17.15");
  EXPECT_EQ(v.state, FixState::kFixed);
  EXPECT_THAT(v.fixed_versions, ElementsAre("4.17.19"));
  EXPECT_EQ(v.fix, "upgrade lodash to 4.17.19");
  EXPECT_EQ(v.severity, "high");
  EXPECT_EQ(v.severity_source, "cvss:3.1");
  EXPECT_DOUBLE_EQ(v.cvss_score, 7.4);
  EXPECT_EQ(v.vendor_severity, "high");
  EXPECT_EQ(v.title, "summary of GHSA-p6mc-m468-83gw");
  EXPECT_THAT(v.sources, ElementsAre("ghsa"));
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kNpm, "lodash", "4.17.19")})), IsEmpty());
}

TEST_F(MatchTest, SameVulnerabilityFromSeveralFeedsIsOneFinding) {
  db_.Add(Adv("GHSA-v845-jxx5-vc9f", {"CVE-2023-43804"}, "ghsa",
              {App("pypi", "urllib3",
                   {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.26.17"}}),
                    Range({{Kind::kIntroduced, "2.0.0"}, {Kind::kFixed, "2.0.6"}})})}));
  db_.Add(Adv(
      "PYSEC-2023-192", {"CVE-2023-43804", "GHSA-v845-jxx5-vc9f"}, "pypa",
      {App("pypi", "urllib3", {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.26.17"}})})}));
  auto found = Match(Debian12({Pkg(Ecosystem::kPypi, "urllib3", "1.26.12")}));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].id, "CVE-2023-43804");
  EXPECT_THAT(found[0].aliases, ElementsAre("GHSA-v845-jxx5-vc9f", "PYSEC-2023-192"));
  EXPECT_THAT(found[0].fixed_versions, ElementsAre("1.26.17", "2.0.6"));
  EXPECT_EQ(found[0].fix, "upgrade urllib3 to 1.26.17");
  EXPECT_THAT(found[0].sources, ElementsAre("ghsa", "pypa"));
}

TEST_F(MatchTest, EveryEntryOfOneAdvisoryCounts) {
  // GHSA writes one affected entry per range of the same package.
  db_.Add(Adv(
      "GHSA-v845-jxx5-vc9f", {"CVE-2023-43804"}, "ghsa",
      {App("pypi", "urllib3", {Range({{Kind::kIntroduced, "2.0.0"}, {Kind::kFixed, "2.0.6"}})}),
       App("pypi", "urllib3", {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.26.17"}})})}));
  auto found = Match(Debian12({Pkg(Ecosystem::kPypi, "urllib3", "1.26.12")}));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_THAT(found[0].fixed_versions, ElementsAre("1.26.17"));
  EXPECT_THAT(found[0].sources, ElementsAre("ghsa"));
}

TEST_F(MatchTest, PypiNamesAreNormalised) {
  db_.Add(
      Adv("GHSA-h5c8-rqwp-cp95", {"CVE-2024-22195"}, "ghsa",
          {App("pypi", "jinja2", {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "3.1.3"}})})}));
  auto found = Match(Debian12({Pkg(Ecosystem::kPypi, "Jinja2", "3.1.2")}));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].package, "Jinja2");
  EXPECT_EQ(found[0].fix, "upgrade Jinja2 to 3.1.3");
}

TEST_F(MatchTest, GoStdlibSemverRanges) {
  db_.Add(Adv("GO-2023-1752", {"CVE-2023-24538"}, "go-vulndb",
              {App("golang", "stdlib",
                   {Range({{Kind::kIntroduced, "0"},
                           {Kind::kFixed, "1.19.8"},
                           {Kind::kIntroduced, "1.20.0"},
                           {Kind::kFixed, "1.20.3"}},
                          VersionRange::Type::kSemver)})}));
  db_.Add(Adv("GO-2023-1878", {"CVE-2023-29406"}, "go-vulndb",
              {App("golang", "stdlib",
                   {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.19.11"}},
                          VersionRange::Type::kSemver)})}));
  auto found = Match(Debian12({Pkg(Ecosystem::kGolang, "stdlib", "v1.19.8")}));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].id, "CVE-2023-29406");
  EXPECT_THAT(found[0].fixed_versions, ElementsAre("1.19.11"));
  EXPECT_EQ(found[0].fix, "rebuild with Go 1.19.11");
}

TEST_F(MatchTest, DebianBySourcePackageWithVendorSeverity) {
  Advisory tracker =
      Adv("CVE-2023-45853", {}, "debian",
          {Distro("deb", "debian:12", "zlib", FixState::kFixed, "1:1.2.13.dfsg-1+deb12u1")});
  tracker.affected[0].vendor_severity = "low";
  tracker.cvss = {{"3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "nvd"}};
  db_.Add(tracker);
  db_.Add(
      Adv("CVE-2022-0001", {}, "debian", {Distro("deb", "debian:12", "zlib", FixState::kUnfixed)}));
  db_.Add(Adv("CVE-2022-0002", {}, "debian",
              {Distro("deb", "debian:12", "zlib", FixState::kWillNotFix)}));
  db_.Add(Adv("CVE-2022-0003", {}, "debian",
              {Distro("deb", "debian:12", "zlib", FixState::kNotAffected)}));
  db_.Add(
      Adv("CVE-2022-0004", {}, "debian", {Distro("deb", "debian:11", "zlib", FixState::kUnfixed)}));
  auto found = Match(Debian12({Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1", "zlib")}));
  ASSERT_THAT(found, SizeIs(3));
  EXPECT_EQ(found[0].id, "CVE-2023-45853");  // rated low, sorted before unknown
  EXPECT_EQ(found[0].severity, "low");
  EXPECT_EQ(found[0].severity_source, "vendor:debian");
  EXPECT_DOUBLE_EQ(found[0].cvss_score, 9.8);
  EXPECT_EQ(found[0].fix, "upgrade zlib1g (source zlib) to 1:1.2.13.dfsg-1+deb12u1");
  EXPECT_EQ(found[0].source_package, "zlib");
  EXPECT_EQ(found[0].distro, "debian:12");
  EXPECT_EQ(found[1].id, "CVE-2022-0001");
  EXPECT_EQ(found[1].state, FixState::kUnfixed);
  EXPECT_EQ(found[1].fix, "");
  EXPECT_EQ(found[1].severity, "unknown");
  EXPECT_EQ(found[2].id, "CVE-2022-0002");
  EXPECT_EQ(found[2].state, FixState::kWillNotFix);

  MatchOptions fixed_only;
  fixed_only.include_not_fixed = false;
  auto fixed =
      Match(Debian12({Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1", "zlib")}), fixed_only);
  ASSERT_THAT(fixed, SizeIs(1));
  EXPECT_EQ(fixed[0].id, "CVE-2023-45853");

  auto patched = Match(
      Debian12({Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1+deb12u1", "zlib")}), fixed_only);
  EXPECT_THAT(patched, IsEmpty());
}

TEST_F(MatchTest, BinNmuComparesTheSourceVersion) {
  db_.Add(Adv("CVE-2022-3715", {}, "debian",
              {Distro("deb", "debian:12", "bash", FixState::kFixed, "5.2.15-2")}));
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kDeb, "bash", "5.2.15-2+b9", "", "5.2.15-2")})),
              IsEmpty());
  auto found = Match(Debian12({Pkg(Ecosystem::kDeb, "bash", "5.2.15-1+b1", "", "5.2.15-1")}));
  ASSERT_THAT(found, SizeIs(1));
  EXPECT_EQ(found[0].installed_version, "5.2.15-1+b1");
  EXPECT_EQ(found[0].fix, "upgrade bash to 5.2.15-2");
}

TEST_F(MatchTest, NotAffectedStatementSuppressesOtherFeeds) {
  db_.Add(Adv("DSA-9999-1", {"CVE-2024-1"}, "debian-dsa",
              {Distro("deb", "debian:12", "openssl", FixState::kFixed, "3.0.11-1~deb12u2")}));
  db_.Add(Adv("CVE-2024-1", {}, "debian",
              {Distro("deb", "debian:12", "openssl", FixState::kNotAffected)}));
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kDeb, "libssl3", "3.0.11-1~deb12u1", "openssl")})),
              IsEmpty());
}

TEST_F(MatchTest, UnknownDistroIsCountedNotGuessed) {
  db_.Add(
      Adv("CVE-2022-0001", {}, "debian", {Distro("deb", "debian:12", "zlib", FixState::kUnfixed)}));
  inventory::Inventory inv;
  inv.packages = {Pkg(Ecosystem::kDeb, "zlib1g", "1:1.2.13.dfsg-1", "zlib")};
  EXPECT_THAT(Match(inv), IsEmpty());
  EXPECT_EQ(stats_.unmatched_os_packages, 1);
  EXPECT_THAT(MatchWarnings(stats_), ElementsAre(HasSubstr("1 OS packages not checked")));
}

TEST_F(MatchTest, UncomparableVersionsAreCounted) {
  db_.Add(Adv("GO-2023-1", {}, "go-vulndb",
              {App("golang", "example.org/m",
                   {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "1.2.0"}},
                          VersionRange::Type::kSemver)})}));
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kGolang, "example.org/m", "(devel)")})), IsEmpty());
  EXPECT_EQ(stats_.skipped_ranges, 1);
  ASSERT_THAT(stats_.skip_examples, SizeIs(1));
  EXPECT_THAT(stats_.skip_examples[0], HasSubstr("GO-2023-1 for golang example.org/m (devel)"));
}

TEST_F(MatchTest, SortedBySeverityThenPackageThenId) {
  auto add = [this](std::string id, std::string package, std::string vector) {
    Advisory a =
        Adv(id, {}, "ghsa",
            {App("npm", package, {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "9.0.0"}})})});
    a.cvss = {{"3.1", vector, 0, "ghsa"}};
    db_.Add(a);
  };
  add("GHSA-b", "b", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");  // 9.8
  add("GHSA-a", "b", "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L");  // 4.6
  add("GHSA-c", "a", "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:L");  // 4.6
  auto found =
      Match(Debian12({Pkg(Ecosystem::kNpm, "a", "1.0.0"), Pkg(Ecosystem::kNpm, "b", "1.0.0")}));
  ASSERT_THAT(found, SizeIs(3));
  EXPECT_EQ(found[0].id, "GHSA-b");
  EXPECT_EQ(found[0].severity, "critical");
  EXPECT_EQ(found[1].id, "GHSA-c");
  EXPECT_EQ(found[2].id, "GHSA-a");
}

TEST_F(MatchTest, SourcePackagesAreLookedUpOnce) {
  db_.Add(Adv("CVE-2022-0001", {}, "debian",
              {Distro("deb", "debian:12", "glibc", FixState::kUnfixed)}));
  auto found = Match(Debian12({Pkg(Ecosystem::kDeb, "libc6", "2.36-9", "glibc"),
                               Pkg(Ecosystem::kDeb, "libc-bin", "2.36-9", "glibc")}));
  EXPECT_THAT(found, SizeIs(2));
  EXPECT_EQ(db_.lookups(), 1);
}

TEST_F(MatchTest, DatabaseErrorsFailTheMatch) {
  db_.FailWith(absl::DataLossError("db.sqlite: corrupt"));
  auto result = MatchInventory(Debian12({Pkg(Ecosystem::kNpm, "a", "1.0.0")}), db_);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(MatchTest, DamagedAdvisoryFailsTheMatchOnlyWhenItApplies) {
  AffectedPackage entry =
      App("npm", "a", {Range({{Kind::kIntroduced, "0"}, {Kind::kFixed, "2.0.0"}})});
  db_.AddRecord(
      {std::make_shared<StoredAdvisory>("ghsa", "GHSA-d", std::string("\x01\x05")), entry});
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kNpm, "a", "3.0.0")})), IsEmpty());
  auto result = MatchInventory(Debian12({Pkg(Ecosystem::kNpm, "a", "1.0.0")}), db_);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(result.status().message(), "ghsa GHSA-d: advisory record: truncated or damaged");
}

TEST_F(MatchTest, WithdrawnAdvisoriesAreIgnored) {
  Advisory a = Adv("GHSA-w", {}, "ghsa", {App("npm", "a", {Range({{Kind::kIntroduced, "0"}})})});
  a.withdrawn = true;
  db_.Add(a);
  EXPECT_THAT(Match(Debian12({Pkg(Ecosystem::kNpm, "a", "1.0.0")})), IsEmpty());
}

}  // namespace
}  // namespace moat::vulndb
