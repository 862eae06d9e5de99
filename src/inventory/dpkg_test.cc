#include "inventory/dpkg.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "inventory/ospkg_testutil.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using testutil::ReadFile;
using testutil::RunCataloger;

std::map<std::string, Package> ByNameArch(const std::vector<Package>& packages) {
  std::map<std::string, Package> out;
  for (const Package& p : packages) out[p.name + ":" + p.arch] = p;
  return out;
}

TEST(DpkgStatusTest, ParsesInstalledPackagesOfTheFixture) {
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status",
                                 ReadFile(moat::testing::FixturePath("dpkg/status")));
  EXPECT_TRUE(facts.warnings.empty());
  auto packages = ByNameArch(facts.packages);
  ASSERT_EQ(packages.size(), 7u);  // libfoo-old has only config files left
  EXPECT_FALSE(packages.count("libfoo-old:amd64"));

  const Package& zlib = packages["zlib1g:amd64"];
  EXPECT_EQ(zlib.ecosystem, Ecosystem::kDeb);
  EXPECT_EQ(zlib.origin, PackageOrigin::kInstalled);
  EXPECT_EQ(zlib.version, "1:1.2.13.dfsg-1");
  EXPECT_EQ(zlib.epoch, 1);
  EXPECT_EQ(zlib.source_name, "zlib");
  EXPECT_EQ(zlib.source_version, "");

  const Package& bsdutils = packages["bsdutils:amd64"];
  EXPECT_EQ(bsdutils.version, "1:2.38.1-5+deb12u3");
  EXPECT_EQ(bsdutils.source_name, "util-linux");
  EXPECT_EQ(bsdutils.source_version, "2.38.1-5+deb12u3");

  EXPECT_EQ(packages["tzdata:all"].version, "2026b-0+deb12u1");
  EXPECT_EQ(packages["coreutils:amd64"].source_name, "");
  EXPECT_EQ(packages["coreutils:amd64"].epoch, 0);
  EXPECT_EQ(packages["libc6:amd64"].version, "2.36-9+deb12u14");
  EXPECT_EQ(packages["libc6:i386"].version, "2.36-9+deb12u14");  // "hold ok installed"
  EXPECT_TRUE(packages["libc6:i386"].licenses.empty());
}

TEST(DpkgStatusTest, CrlfAndMissingFinalNewlineChangeNothing) {
  std::string text = ReadFile(moat::testing::FixturePath("dpkg/status"));
  std::string crlf = absl::StrReplaceAll(text, {{"\n", "\r\n"}});
  while (!crlf.empty() && (crlf.back() == '\n' || crlf.back() == '\r')) crlf.pop_back();
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status", crlf);
  EXPECT_TRUE(facts.warnings.empty());
  auto packages = ByNameArch(facts.packages);
  ASSERT_EQ(packages.size(), 7u);
  EXPECT_EQ(packages["bsdutils:amd64"].source_version, "2.38.1-5+deb12u3");
  EXPECT_EQ(packages["tzdata:all"].version, "2026b-0+deb12u1");
}

TEST(DpkgStatusTest, FoldedFieldsAndFieldNameCase) {
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status",
                                 "package: foo\n"
                                 "STATUS: install ok installed\n"
                                 "Source: foo-src\n"
                                 " (2:1.0-1)\n"
                                 "Version:\n"
                                 "  2:1.0-1+b1\n"
                                 "Description: x\n"
                                 " .\n"
                                 "\n\n\n");
  ASSERT_EQ(facts.packages.size(), 1u);
  EXPECT_EQ(facts.packages[0].name, "foo");
  EXPECT_EQ(facts.packages[0].version, "2:1.0-1+b1");
  EXPECT_EQ(facts.packages[0].epoch, 2);
  EXPECT_EQ(facts.packages[0].source_name, "foo-src");
  EXPECT_EQ(facts.packages[0].source_version, "2:1.0-1");
}

TEST(DpkgStatusTest, StatesWithFilesOnDiskCount) {
  const std::pair<const char*, bool> cases[] = {
      {"install ok installed", true},        {"hold ok installed", true},
      {"deinstall ok installed", true},      {"install ok unpacked", true},
      {"install ok half-configured", true},  {"install reinstreq half-installed", true},
      {"install ok triggers-pending", true}, {"deinstall ok config-files", false},
      {"purge ok not-installed", false},
  };
  DpkgStatusCataloger cataloger;
  for (const auto& [status, counted] : cases) {
    FileFacts facts =
        RunCataloger(cataloger, "/var/lib/dpkg/status",
                     absl::StrCat("Package: a\nStatus: ", status, "\nVersion: 1.0\n"));
    EXPECT_EQ(facts.packages.size(), counted ? 1u : 0u) << status;
  }
}

TEST(DpkgStatusTest, BadStanzasAreSkippedWithExactWarnings) {
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status",
                                 "Package: ok\nVersion: 1.0-1\n\n"
                                 "Package: broken\nthis line has no colon\nVersion: 1.0\n\n"
                                 "Package: noversion\nStatus: install ok installed\n\n"
                                 "Package: invalidpkg\nVersion: 1:5.#\n\n"
                                 "Version: 1.0\n\n"
                                 ": empty name\n");
  ASSERT_EQ(facts.packages.size(), 1u);
  EXPECT_EQ(facts.packages[0].name, "ok");
  EXPECT_EQ(
      facts.warnings,
      (std::vector<std::string>{
          "/var/lib/dpkg/status: line 5: expected \"Field: value\" (stanza at line 4 skipped)",
          "/var/lib/dpkg/status: package noversion: no Version field",
          "/var/lib/dpkg/status: package invalidpkg: invalid version \"1:5.#\"",
          "/var/lib/dpkg/status: stanza at line 14: no Package field",
          "/var/lib/dpkg/status: line 16: expected \"Field: value\" (stanza at line 16 "
          "skipped)",
      }));
}

TEST(DpkgStatusTest, NothingButGarbageIsAnError) {
  DpkgStatusCataloger cataloger;
  absl::Status status;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status",
                                 std::string("\x7f"
                                             "ELF\x02\x01\x01",
                                             7),
                                 &status);
  EXPECT_EQ(status.message(), "line 1: expected \"Field: value\" (stanza at line 1 skipped)");
  EXPECT_TRUE(facts.packages.empty());
  FileFacts cont = RunCataloger(cataloger, "/var/lib/dpkg/status", " indented\n", &status);
  EXPECT_EQ(status.message(),
            "line 1: continuation line without a field (stanza at line 1 skipped)");
}

TEST(DpkgStatusTest, EmptyFileIsFine) {
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status", "");
  EXPECT_TRUE(facts.packages.empty());
  EXPECT_TRUE(facts.warnings.empty());
  facts = RunCataloger(cataloger, "/var/lib/dpkg/status", "\n\n \t\n");
  EXPECT_TRUE(facts.packages.empty());
}

TEST(DpkgStatusTest, WarningsAreCapped) {
  std::string text;
  for (int i = 0; i < 30; ++i) absl::StrAppend(&text, "Package: p", i, "\n\n");
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status", text);
  ASSERT_EQ(facts.warnings.size(), 21u);
  EXPECT_EQ(facts.warnings.back(), "/var/lib/dpkg/status: 10 more problems not shown");
}

TEST(DpkgStatusTest, LargeInputsStayLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(&text, "Package: p", i, "\nStatus: install ok installed\nVersion: 1.", i,
                    "-1\nDescription: d\n", std::string(20, ' '), "more\n\n");
  }
  DpkgStatusCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/status", text);
  ASSERT_EQ(facts.packages.size(), 20000u);
  EXPECT_EQ(facts.packages[19999].version, "1.19999-1");
  absl::Status status;
  RunCataloger(cataloger, "/var/lib/dpkg/status", std::string(8 << 20, 'x'), &status);
  EXPECT_EQ(status.message(), "line 1: expected \"Field: value\" (stanza at line 1 skipped)");
}

TEST(DpkgStatusTest, DistrolessStatusDirectory) {
  DpkgStatusCataloger cataloger;
  FileFacts base = RunCataloger(cataloger, "/var/lib/dpkg/status.d/base-files",
                                ReadFile(moat::testing::FixturePath("dpkg/status.d/base-files")));
  ASSERT_EQ(base.packages.size(), 1u);
  EXPECT_EQ(base.packages[0].name, "base-files");
  EXPECT_EQ(base.packages[0].version, "12.4+deb12u5");
  FileFacts ssl = RunCataloger(cataloger, "/var/lib/dpkg/status.d/libssl3",
                               ReadFile(moat::testing::FixturePath("dpkg/status.d/libssl3")));
  ASSERT_EQ(ssl.packages.size(), 1u);
  EXPECT_EQ(ssl.packages[0].source_name, "openssl");
  EXPECT_EQ(ssl.packages[0].arch, "amd64");
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/status.d/libssl3.md5sums"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/status-old"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/status.d/sub/x"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/available"));
}

TEST(DpkgFilesTest, ListFilesGiveOwnedPaths) {
  DpkgFilesCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/dpkg/info/coreutils.list",
                                 ReadFile(moat::testing::FixturePath("dpkg/info/coreutils.list")));
  ASSERT_EQ(facts.owned_files.size(), 1u);
  EXPECT_EQ(facts.owned_files[0].first, "coreutils");
  ASSERT_EQ(facts.owned_files[0].second.size(), 29u);  // 30 lines, "/." skipped
  EXPECT_EQ(facts.owned_files[0].second[0], "/bin");
  EXPECT_EQ(facts.owned_files[0].second[1], "/bin/cat");

  facts = RunCataloger(cataloger, "/var/lib/dpkg/info/libc6:amd64.list",
                       ReadFile(moat::testing::FixturePath("dpkg/info/libc6:amd64.list")));
  ASSERT_EQ(facts.owned_files.size(), 1u);
  EXPECT_EQ(facts.owned_files[0].first, "libc6:amd64");
  EXPECT_EQ(facts.owned_files[0].second.back(), "/lib/x86_64-linux-gnu/libdl.so.2");

  facts = RunCataloger(cataloger, "/var/lib/dpkg/info/x.list",
                       "/.\r\n/usr/\n/usr/../etc\n//usr//bin/x");
  ASSERT_EQ(facts.owned_files.size(), 1u);
  EXPECT_EQ(facts.owned_files[0].second, (std::vector<std::string>{"/usr", "/usr/bin/x"}));
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/info/coreutils.md5sums"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/var/lib/dpkg/info/sub/a.list"));
}

TEST(DpkgFilesTest, DistrolessMd5sumsGiveOwnedPaths) {
  DpkgFilesCataloger cataloger;
  FileFacts facts =
      RunCataloger(cataloger, "/var/lib/dpkg/status.d/libssl3.md5sums",
                   ReadFile(moat::testing::FixturePath("dpkg/status.d/libssl3.md5sums")));
  ASSERT_EQ(facts.owned_files.size(), 1u);
  EXPECT_EQ(facts.owned_files[0].first, "libssl3");
  ASSERT_EQ(facts.owned_files[0].second.size(), 5u);
  EXPECT_EQ(facts.owned_files[0].second[1], "/usr/lib/x86_64-linux-gnu/libcrypto.so.3");

  facts = RunCataloger(cataloger, "/var/lib/dpkg/status.d/a.md5sums",
                       "0123 usr/bin/a\nnospace\n\n0123 *usr/bin/b\n");
  EXPECT_EQ(facts.owned_files[0].second, (std::vector<std::string>{"/usr/bin/a", "/usr/bin/b"}));
  EXPECT_EQ(facts.warnings,
            (std::vector<std::string>{"/var/lib/dpkg/status.d/a.md5sums: line 2: expected \"<md5>  "
                                      "<path>\""}));
}

TEST(DpkgCopyrightTest, LicencesFromFixtures) {
  DpkgCopyrightCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/usr/share/doc/coreutils/copyright",
                                 ReadFile(moat::testing::FixturePath("dpkg/copyright/coreutils")));
  ASSERT_EQ(facts.licenses.size(), 1u);
  EXPECT_EQ(facts.licenses[0].first, "coreutils");
  EXPECT_EQ(facts.licenses[0].second,
            (std::vector<std::string>{"GPL-3.0-or-later", "BSD-4-clause-UC", "ISC", "FSFULLR",
                                      "GFDL-NIV-1.3"}));
  facts = RunCataloger(cataloger, "/usr/share/doc/zlib1g/copyright",
                       ReadFile(moat::testing::FixturePath("dpkg/copyright/zlib1g")));
  EXPECT_EQ(facts.licenses[0].second, (std::vector<std::string>{"Zlib"}));
  facts = RunCataloger(cataloger, "/usr/share/doc/base-files/copyright",
                       ReadFile(moat::testing::FixturePath("dpkg/copyright/base-files")));
  EXPECT_EQ(facts.licenses[0].second, (std::vector<std::string>{"GPL"}));
}

TEST(DpkgCopyrightTest, ProseWithoutLicencesYieldsNothing) {
  DpkgCopyrightCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/usr/share/doc/tzdata/copyright",
                                 "This database is in the public domain.\n\x01\x02\xff\n");
  EXPECT_TRUE(facts.licenses.empty());
  EXPECT_TRUE(facts.warnings.empty());
  EXPECT_FALSE(testutil::Wants(cataloger, "/usr/share/doc/a/b/copyright"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/usr/share/doc/copyright"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/usr/share/doc/a/copyright.gz"));
}

TEST(CopyrightLicensesTest, SplitsAndNormalizes) {
  EXPECT_EQ(CopyrightLicenses("License: GPL-2+ or Artistic, and BSD-3-clause\n"
                              "License: The MIT License (MIT)\n"
                              "license: Expat\n"
                              "see /usr/share/common-licenses/LGPL-2.1'.\n"
                              "see /usr/share/common-licenses/Apache-2.0.\n"),
            (std::vector<std::string>{"GPL-2.0-or-later", "Artistic", "BSD-3-Clause", "MIT",
                                      "LGPL-2.1-only", "Apache-2.0"}));
}

TEST(DebVersionTest, FollowsDpkgRules) {
  const std::pair<const char*, int> valid[] = {{"1.0", 0},
                                               {"1:2.38.1-5+deb12u3", 1},
                                               {"0:0-0-0", 0},
                                               {"5:20.10.7~3-0~debian-buster", 5},
                                               {"2:1.0~rc1+dfsg-1ubuntu0.1", 2}};
  for (const auto& [version, epoch] : valid) {
    int parsed = -1;
    EXPECT_TRUE(ParseDebVersion(version, &parsed)) << version;
    EXPECT_EQ(parsed, epoch) << version;
  }
  for (const char* version : {"", "a1.0", "1.0-", "1:", ":1", "1.0 1", "1:5.#", "x:1"}) {
    int epoch = 0;
    EXPECT_FALSE(ParseDebVersion(version, &epoch)) << version;
  }
}

TEST(DebVersionTest, AgreesWithDpkgParseCases) {
  MOAT_SHARED_DATA_OR_SKIP(path, "version-vectors/dpkg/t-version.parse.tsv");
  std::string text = ReadFile(path);
  int checked = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    int epoch = 0;
    EXPECT_EQ(ParseDebVersion(line.substr(tab + 1), &epoch), line.substr(0, tab) == "valid")
        << "\"" << line.substr(tab + 1) << "\"";
    ++checked;
  }
  EXPECT_EQ(checked, 31);
}

}  // namespace
}  // namespace moat::inventory
