// The OS catalogers against Trivy's own dpkg and apk analyzer fixtures (../shared/data).
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "inventory/apk.h"
#include "inventory/dpkg.h"
#include "inventory/ospkg_testutil.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using testutil::ReadFile;
using testutil::RunCataloger;

constexpr char kDpkgData[] = "trivy-parser-fixtures/pkg/fanal/analyzer/pkg/dpkg/testdata";
constexpr char kApkData[] = "trivy-parser-fixtures/pkg/fanal/analyzer/pkg/apk/testdata";

// The sections of a txtar archive: "-- name --" lines start each file.
std::map<std::string, std::string> Txtar(const std::string& text) {
  std::map<std::string, std::string> files;
  std::string* current = nullptr;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size() - 1;
    std::string line = text.substr(start, end - start + 1);
    start = end + 1;
    if (absl::StartsWith(line, "-- ") && absl::EndsWith(line, " --\n")) {
      current = &files[line.substr(3, line.size() - 7)];
    } else if (current != nullptr) {
      current->append(line);
    }
  }
  return files;
}

FileFacts DpkgStatusOf(const std::string& dir, const std::string& txtar) {
  std::map<std::string, std::string> files = Txtar(ReadFile(dir + "/" + txtar));
  EXPECT_TRUE(files.count("var/lib/dpkg/status")) << txtar;
  DpkgStatusCataloger cataloger;
  return RunCataloger(cataloger, "/var/lib/dpkg/status", files["var/lib/dpkg/status"]);
}

std::map<std::string, Package> ByName(const std::vector<Package>& packages) {
  std::map<std::string, Package> out;
  for (const Package& p : packages) out[p.name] = p;
  return out;
}

TEST(TrivyDpkgFixturesTest, ValidStatus) {
  MOAT_SHARED_DATA_OR_SKIP(dir, kDpkgData);
  FileFacts facts = DpkgStatusOf(dir, "valid.txtar");
  EXPECT_TRUE(facts.warnings.empty());
  auto packages = ByName(facts.packages);
  EXPECT_EQ(facts.packages.size(), 90u);  // 91 stanzas, git is "deinstall ok config-files"
  EXPECT_FALSE(packages.count("git"));
  EXPECT_EQ(packages["bsdutils"].version, "1:2.31.1-0.4ubuntu3.1");
  EXPECT_EQ(packages["bsdutils"].epoch, 1);
  EXPECT_EQ(packages["bsdutils"].source_name, "util-linux");
  EXPECT_EQ(packages["bsdutils"].source_version, "2.31.1-0.4ubuntu3.1");
  EXPECT_EQ(packages["libgcc1"].source_name, "gcc-8");
  EXPECT_EQ(packages["libgcc1"].source_version, "8-20180414-1ubuntu2");
  EXPECT_EQ(packages["libc6"].version, "2.27-3ubuntu1");
  EXPECT_EQ(packages["libc6"].source_name, "glibc");
  EXPECT_EQ(packages["libc6"].arch, "amd64");
}

TEST(TrivyDpkgFixturesTest, CorruptedStatusKeepsTheGoodStanzas) {
  MOAT_SHARED_DATA_OR_SKIP(dir, kDpkgData);
  FileFacts facts = DpkgStatusOf(dir, "corrupsed.txtar");
  auto packages = ByName(facts.packages);
  ASSERT_EQ(packages.size(), 4u);
  EXPECT_TRUE(packages.count("libpam-runtime") && packages.count("libpam-modules-bin") &&
              packages.count("makedev") && packages.count("libgcc1"));
  EXPECT_EQ(packages["libgcc1"].version, "1:5.1.1-12ubuntu1");
  EXPECT_EQ(packages["libgcc1"].source_version, "5.1.1-12ubuntu1");
  EXPECT_EQ(facts.warnings,
            (std::vector<std::string>{
                "/var/lib/dpkg/status: package brokenPackageWithNoVersionThatShouldGetThrownOut: "
                "no Version field",
                "/var/lib/dpkg/status: package invalidpkg: invalid version \"1:5.#\""}));
}

TEST(TrivyDpkgFixturesTest, SmallStatusFiles) {
  MOAT_SHARED_DATA_OR_SKIP(dir, kDpkgData);
  auto third = ByName(DpkgStatusOf(dir, "third-party.txtar").packages);
  ASSERT_EQ(third.size(), 2u);
  EXPECT_EQ(third["docker-ce"].version, "5:20.10.7~3-0~debian-buster");
  EXPECT_EQ(third["docker-ce"].epoch, 5);
  auto apt = DpkgStatusOf(dir, "only-apt.txtar").packages;
  ASSERT_EQ(apt.size(), 1u);
  EXPECT_EQ(apt[0].version, "1.6.3ubuntu0.1");
  auto digest = ByName(DpkgStatusOf(dir, "digest.txtar").packages);
  EXPECT_EQ(digest["tar"].version, "1.34+dfsg-1");
  EXPECT_EQ(digest["sed"].version, "4.4-2");

  std::map<std::string, std::string> md5 = Txtar(ReadFile(dir + "/md5sums.txtar"));
  DpkgFilesCataloger files;
  FileFacts owned = RunCataloger(files, "/var/lib/dpkg/status.d/tar.md5sums",
                                 md5["var/lib/dpkg/info/tar.md5sums"]);
  ASSERT_EQ(owned.owned_files.size(), 1u);
  EXPECT_EQ(owned.owned_files[0].first, "tar");
  ASSERT_EQ(owned.owned_files[0].second.size(), 13u);
  EXPECT_EQ(owned.owned_files[0].second[0], "/usr/bin/tar");
}

TEST(TrivyDpkgFixturesTest, CopyrightLicences) {
  MOAT_SHARED_DATA_OR_SKIP(dir, kDpkgData);
  EXPECT_EQ(
      CopyrightLicenses(ReadFile(dir + "/license-pattern-and-classifier-copyright")),
      (std::vector<std::string>{"GPL-1.0-or-later", "Artistic", "BSD-4-clause-POWERDOG", "Zlib"}));
  EXPECT_EQ(CopyrightLicenses(ReadFile(dir + "/common-license-copyright")),
            (std::vector<std::string>{"GPL-2.0-only"}));
  EXPECT_EQ(CopyrightLicenses(ReadFile(dir + "/all-patterns-copyright")),
            (std::vector<std::string>{"GPL-2.0-or-later", "GPL-2.0-only"}));
  EXPECT_TRUE(CopyrightLicenses(ReadFile(dir + "/no-license-copyright")).empty());
}

TEST(TrivyApkFixturesTest, InstalledDatabase) {
  MOAT_SHARED_DATA_OR_SKIP(dir, kApkData);
  ApkCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/lib/apk/db/installed", ReadFile(dir + "/apk"));
  ASSERT_EQ(facts.packages.size(), 15u);
  EXPECT_EQ(facts.warnings,
            (std::vector<std::string>{
                "/lib/apk/db/installed: package invalidPackageWithoutAVersion: no V: field"}));
  auto packages = ByName(facts.packages);
  EXPECT_EQ(facts.packages[0].name, "musl");
  EXPECT_EQ(packages["musl"].version, "1.1.14-r10");
  EXPECT_EQ(packages["musl"].arch, "x86_64");
  EXPECT_EQ(packages["busybox"].licenses, (std::vector<std::string>{"GPL-2.0-only"}));
  EXPECT_EQ(packages["scanelf"].source_name, "pax-utils");
  EXPECT_EQ(packages["musl-utils"].licenses,
            (std::vector<std::string>{"MIT", "BSD-3-Clause", "GPL-2.0-or-later"}));
  EXPECT_EQ(packages["ada-libs"].licenses,
            (std::vector<std::string>{"Apache-2.0", "MIT", "MPL-2.0"}));
  EXPECT_EQ(packages["test"].source_name, "test-parent");
  size_t owned = 0;
  for (const auto& [name, paths] : facts.owned_files) owned += paths.size();
  EXPECT_EQ(owned, 76u);  // every R: line
}

}  // namespace
}  // namespace moat::inventory
