#include "inventory/os_release.h"

#include <filesystem>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "inventory/os_combine.h"
#include "inventory/ospkg_testutil.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

// Runs OsReleaseCataloger on every wanted file under tests/fixtures/os/<dir> and combines them.
std::optional<OsInfo> DetectFixture(const std::string& dir) {
  std::string root = moat::testing::FixturePath("os/" + dir);
  OsReleaseCataloger cataloger;
  std::map<std::string, OsInfo> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string path = entry.path().string().substr(root.size());
    if (!testutil::Wants(cataloger, path)) continue;
    FileFacts facts =
        testutil::RunCataloger(cataloger, path, testutil::ReadFile(entry.path().string()));
    if (facts.os) found[path] = *facts.os;
  }
  return CombineOsInfo(found);
}

struct FixtureCase {
  std::string dir, family, version, codename, name;
};

TEST(OsDetectionTest, FixtureImagesYieldTheMostPreciseRelease) {
  const FixtureCase cases[] = {
      {"debian12", "debian", "12.15", "bookworm", "Debian GNU/Linux 12 (bookworm)"},
      {"ubuntu2204", "ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS"},
      {"alpine318", "alpine", "3.18.4", "", "Alpine Linux v3.18"},
      {"centos7", "centos", "7.9.2009", "Core", "CentOS Linux 7 (Core)"},
      {"rocky9", "rocky", "9.3", "Blue Onyx", "Rocky Linux 9.3 (Blue Onyx)"},
      {"amazon2", "amazon", "2", "Karoo", "Amazon Linux 2"},
      {"sles12sp3", "sles", "12.3", "", "SUSE Linux Enterprise Server 12 (x86_64)"},
      {"wolfi", "wolfi", "20230201", "", "Wolfi"},
  };
  for (const FixtureCase& c : cases) {
    SCOPED_TRACE(c.dir);
    std::optional<OsInfo> os = DetectFixture(c.dir);
    ASSERT_TRUE(os.has_value());
    EXPECT_EQ(os->family, c.family);
    EXPECT_EQ(os->version, c.version);
    EXPECT_EQ(os->codename, c.codename);
    EXPECT_EQ(os->name, c.name);
    EXPECT_FALSE(os->distroless);
  }
}

TEST(OsReleaseTest, QuotingFollowsOsRelease5) {
  absl::StatusOr<OsInfo> os = ParseOsRelease(
      "# comment\n"
      "ID='debian'\r\n"
      "VERSION_ID=\"12\"\n"
      "PRETTY_NAME=\"A \\\"quoted\\\" \\\\ name \\$x \\n\"\n"
      "VERSION_CODENAME=book\\ worm");
  ASSERT_TRUE(os.ok()) << os.status();
  EXPECT_EQ(os->family, "debian");
  EXPECT_EQ(os->version, "12");
  EXPECT_EQ(os->name, "A \"quoted\" \\ name $x \\n");
  EXPECT_EQ(os->codename, "book worm");
}

TEST(OsReleaseTest, IdsMapToFamilies) {
  const std::pair<const char*, const char*> cases[] = {
      {"rhel", "rhel"},
      {"centos", "centos"},
      {"rocky", "rocky"},
      {"almalinux", "alma"},
      {"fedora", "fedora"},
      {"amzn", "amazon"},
      {"sles", "sles"},
      {"opensuse-leap", "opensuse-leap"},
      {"opensuse", "opensuse-leap"},
      {"opensuse-tumbleweed", "opensuse-tumbleweed"},
      {"wolfi", "wolfi"},
      {"chainguard", "chainguard"},
      {"alpine", "alpine"},
      {"Ubuntu", "ubuntu"},
      {"debian", "debian"},
      {"someos", "someos"},
  };
  for (const auto& [id, family] : cases) {
    absl::StatusOr<OsInfo> os = ParseOsRelease(std::string("ID=") + id + "\n");
    ASSERT_TRUE(os.ok());
    EXPECT_EQ(os->family, family) << id;
  }
}

TEST(OsReleaseTest, NameFallsBackToNameAndVersion) {
  absl::StatusOr<OsInfo> os =
      ParseOsRelease("ID=ubuntu\nNAME=Ubuntu\nVERSION=\"20.04 LTS\"\nUBUNTU_CODENAME=focal");
  ASSERT_TRUE(os.ok());
  EXPECT_EQ(os->name, "Ubuntu 20.04 LTS");
  EXPECT_EQ(os->codename, "focal");
}

TEST(OsReleaseTest, MissingIdIsAnError) {
  EXPECT_EQ(ParseOsRelease("NAME=x\nVERSION_ID=1\n").status().message(), "no ID field");
  absl::Status status;
  OsReleaseCataloger cataloger;
  testutil::RunCataloger(cataloger, "/etc/os-release", "garbage\x01\x02", &status);
  EXPECT_EQ(status.message(), "no ID field");
}

TEST(ReleaseLineTest, ParsesRedHatFamilyLines) {
  const FixtureCase cases[] = {
      {"Red Hat Enterprise Linux release 8.9 (Ootpa)", "rhel", "8.9", "Ootpa", ""},
      {"Red Hat Enterprise Linux Server release 7.9 (Maipo)", "rhel", "7.9", "Maipo", ""},
      {"CentOS Stream release 9", "centos", "9", "", ""},
      {"AlmaLinux release 9.3 (Shamrock Pampas Cat)", "alma", "9.3", "Shamrock Pampas Cat", ""},
      {"Fedora release 39 (Thirty Nine)", "fedora", "39", "Thirty Nine", ""},
      {"Amazon Linux release 2023.3.20240108 (Amazon Linux)", "amazon", "2023.3.20240108",
       "Amazon Linux", ""},
      {"Amazon Linux AMI release 2018.03", "amazon", "2018.03", "", ""},
      {"\n  Oracle Linux Server release 8.9\n", "oracle", "8.9", "", ""},
  };
  for (const FixtureCase& c : cases) {
    absl::StatusOr<OsInfo> os = ParseReleaseLine(c.dir);
    ASSERT_TRUE(os.ok()) << c.dir << ": " << os.status();
    EXPECT_EQ(os->family, c.family) << c.dir;
    EXPECT_EQ(os->version, c.version) << c.dir;
    EXPECT_EQ(os->codename, c.codename) << c.dir;
  }
}

TEST(ReleaseLineTest, ErrorsNameTheProblem) {
  EXPECT_EQ(ParseReleaseLine("Gentoo Base System release 2.14\n").status().message(),
            "unknown distribution \"Gentoo Base System\"");
  EXPECT_EQ(ParseReleaseLine("just text\n").status().message(),
            "expected \"<name> release <version>\", got \"just text\"");
  EXPECT_EQ(ParseReleaseLine("").status().message(),
            "expected \"<name> release <version>\", got \"\"");
}

TEST(OtherReleaseFilesTest, ParseWhatEachFileStates) {
  absl::StatusOr<OsInfo> debian = ParseDebianVersion("trixie/sid\n");
  ASSERT_TRUE(debian.ok());
  EXPECT_EQ(debian->family, "debian");
  EXPECT_EQ(debian->version, "trixie/sid");
  EXPECT_EQ(ParseDebianVersion("\n \n").status().message(), "empty file");

  absl::StatusOr<OsInfo> lsb = ParseLsbRelease(
      "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=18.04\nDISTRIB_CODENAME=bionic\n"
      "DISTRIB_DESCRIPTION=\"Ubuntu 18.04.6 LTS\"\n");
  ASSERT_TRUE(lsb.ok());
  EXPECT_EQ(lsb->family, "ubuntu");
  EXPECT_EQ(lsb->version, "18.04");
  EXPECT_EQ(lsb->codename, "bionic");
  EXPECT_EQ(lsb->name, "Ubuntu 18.04.6 LTS");
  EXPECT_EQ(ParseLsbRelease("FOO=1\n").status().message(), "no DISTRIB_ID field");

  absl::StatusOr<OsInfo> alpine = ParseAlpineRelease("3.19.1");
  ASSERT_TRUE(alpine.ok());
  EXPECT_EQ(alpine->version, "3.19.1");

  absl::StatusOr<OsInfo> leap = ParseSuseRelease(
      "openSUSE 42.3 (x86_64)\nVERSION = 42.3\n"
      "CODENAME = Malachite\n");
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(leap->family, "opensuse-leap");
  EXPECT_EQ(leap->version, "42.3");
  EXPECT_EQ(leap->codename, "Malachite");
  absl::StatusOr<OsInfo> sles = ParseSuseRelease(
      "SUSE Linux Enterprise Server 12 (x86_64)\n"
      "VERSION = 12\nPATCHLEVEL = 0\n");
  ASSERT_TRUE(sles.ok());
  EXPECT_EQ(sles->version, "12");
  EXPECT_EQ(ParseSuseRelease("Novell Thing\n").status().message(),
            "unknown distribution \"Novell Thing\"");
}

TEST(OsReleaseCatalogerTest, WantsOnlyTheReleaseFiles) {
  OsReleaseCataloger cataloger;
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release", "/etc/debian_version",
                           "/etc/lsb-release", "/etc/alpine-release", "/etc/redhat-release",
                           "/etc/centos-release", "/etc/rocky-release", "/etc/almalinux-release",
                           "/etc/fedora-release", "/etc/system-release", "/etc/SuSE-release"}) {
    EXPECT_TRUE(testutil::Wants(cataloger, path)) << path;
  }
  for (const char* path : {"/etc/os-release.d/x", "/usr/etc/os-release", "/etc/issue",
                           "/root/etc/os-release", "/etc/suse-release"}) {
    EXPECT_FALSE(testutil::Wants(cataloger, path)) << path;
  }
}

OsInfo Os(const char* family, const char* version, const char* codename = "") {
  OsInfo os;
  os.family = family;
  os.version = version;
  os.codename = codename;
  return os;
}

TEST(CombineOsInfoTest, EtcOsReleaseWinsOverUsrLib) {
  std::optional<OsInfo> os = CombineOsInfo(
      {{"/usr/lib/os-release", Os("debian", "11")}, {"/etc/os-release", Os("ubuntu", "22.04")}});
  ASSERT_TRUE(os);
  EXPECT_EQ(os->family, "ubuntu");
  EXPECT_EQ(os->version, "22.04");
}

TEST(CombineOsInfoTest, OnlyADottedExtensionOfTheSameFamilyRefinesTheVersion) {
  EXPECT_EQ(CombineOsInfo({{"/etc/os-release", Os("debian", "12")},
                           {"/etc/debian_version", Os("debian", "123")}})
                ->version,
            "12");
  EXPECT_EQ(CombineOsInfo({{"/etc/os-release", Os("debian", "12")},
                           {"/etc/debian_version", Os("debian", "13.1")}})
                ->version,
            "12");
  EXPECT_EQ(CombineOsInfo({{"/etc/os-release", Os("ubuntu", "22.04")},
                           {"/etc/debian_version", Os("debian", "bookworm/sid")}})
                ->version,
            "22.04");
  EXPECT_EQ(CombineOsInfo({{"/etc/os-release", Os("debian", "")},
                           {"/etc/debian_version", Os("debian", "trixie/sid")}})
                ->version,
            "trixie/sid");
}

TEST(CombineOsInfoTest, WithoutOsReleaseSpecificFilesComeFirst) {
  std::optional<OsInfo> os = CombineOsInfo({{"/etc/redhat-release", Os("rhel", "8.9")},
                                            {"/etc/system-release", Os("rocky", "8.9")},
                                            {"/etc/rocky-release", Os("rocky", "8.9", "Green")}});
  ASSERT_TRUE(os);
  EXPECT_EQ(os->family, "rocky");
  EXPECT_EQ(os->codename, "Green");
  os = CombineOsInfo({{"/etc/lsb-release", Os("ubuntu", "16.04")},
                      {"/etc/debian_version", Os("debian", "stretch/sid")}});
  EXPECT_EQ(os->family, "ubuntu");
}

TEST(CombineOsInfoTest, DistrolessFlagAndEmptyInput) {
  EXPECT_FALSE(CombineOsInfo({}).has_value());
  std::optional<OsInfo> os = CombineOsInfo({}, /*dpkg_distroless=*/true);
  ASSERT_TRUE(os);
  EXPECT_EQ(os->family, "debian");
  EXPECT_TRUE(os->distroless);
  os = CombineOsInfo({{"/etc/os-release", Os("debian", "12")}}, true);
  EXPECT_TRUE(os->distroless);
  EXPECT_TRUE(IsDpkgDistroless(/*has_dpkg_status=*/false, /*has_dpkg_status_d=*/true));
  EXPECT_FALSE(IsDpkgDistroless(true, true));
  EXPECT_FALSE(IsDpkgDistroless(false, false));
}

}  // namespace
}  // namespace moat::inventory
