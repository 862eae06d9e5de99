#include "report/table_writer.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "report/summary.h"
#include "testing/sample_scan_result.h"

namespace moat::report {
namespace {

TEST(TableWriterTest, RendersSmallResultExactly) {
  ScanResult result;
  result.image.reference = "demo.tar";
  result.image.source_type = "docker-archive";
  result.image.image_id = "sha256:abc";
  result.image.platform = {"linux", "arm64", "v8"};
  result.inventory.os = inventory::OsInfo{"alpine", "Alpine Linux v3.19", "3.19.1", "", false};
  inventory::Package musl = testing::SamplePackage(
      inventory::Ecosystem::kApk, "musl", "1.2.4_git20230717-r4", 0, "/lib/apk/db/installed");
  musl.source_name = "musl";
  inventory::Package busybox = testing::SamplePackage(inventory::Ecosystem::kApk, "busybox",
                                                      "1.36.1-r15", 0, "/lib/apk/db/installed");
  inventory::Package lodash = testing::SamplePackage(inventory::Ecosystem::kNpm, "lodash",
                                                     "4.17.21", 1, "/app/package-lock.json");
  lodash.origin = inventory::PackageOrigin::kLockfile;
  // Out of order on purpose: the table sorts groups by ecosystem and packages by name.
  result.inventory.packages = {lodash, musl, busybox};
  result.inventory.executables.resize(2);
  EXPECT_EQ(RenderTable(result, {}),
            "Image:     demo.tar (docker-archive)\n"
            "Image ID:  sha256:abc\n"
            "Platform:  linux/arm64/v8\n"
            "OS:        Alpine Linux v3.19 [alpine 3.19.1]\n"
            "\n"
            "apk (2 packages)\n"
            "NAME     VERSION               SOURCE  FOUND-IN\n"
            "busybox  1.36.1-r15                    /lib/apk/db/installed\n"
            "musl     1.2.4_git20230717-r4          /lib/apk/db/installed\n"
            "\n"
            "npm (1 package)\n"
            "NAME    VERSION  ORIGIN    FOUND-IN\n"
            "lodash  4.17.21  lockfile  /app/package-lock.json\n"
            "\n"
            "Vulnerabilities: not checked\n"
            "\n"
            "Total: 3 packages (apk 2, npm 1), 2 executables\n");
}

TEST(TableWriterTest, SampleShowsSourcesOriginsArchivesAndWarnings) {
  std::string text = RenderTable(testing::SampleScanResult(), {});
  EXPECT_NE(text.find("OS:        Debian GNU/Linux 12 (bookworm) [debian 12.15]\n"),
            std::string::npos);
  EXPECT_NE(text.find("bsdutils    1:2.38.1-5+deb12u3  util-linux 2.38.1-5+deb12u3  "
                      "/var/lib/dpkg/status\n"),
            std::string::npos);
  EXPECT_NE(text.find("jest         29.7.0   lockfile (dev)  /app/package-lock.json\n"),
            std::string::npos);
  EXPECT_NE(text.find("/opt/app/lib/app.jar!/BOOT-INF/lib/log4j-core-2.19.0.jar\n"),
            std::string::npos);
  EXPECT_NE(text.find("Total: 11 packages (deb 3, npm 3, pypi 2, gem 1, golang 1, maven 1), "
                      "3 executables\n"),
            std::string::npos);
  EXPECT_NE(text.find("\nWarnings (1):\n  /app/broken/package.json: invalid JSON at byte 12: "
                      "syntax error\n"),
            std::string::npos);
  // OS packages come before application packages.
  EXPECT_LT(text.find("deb (3 packages)"), text.find("npm (3 packages)"));
}

TEST(TableWriterTest, ControlCharactersFromTheImageAreNeutralised) {
  ScanResult result;
  result.inventory.packages.push_back(testing::SamplePackage(
      inventory::Ecosystem::kNpm, "evil\x1b[31mred", "1.0\r\n", 0, "/x\x07"));
  result.inventory.warnings.push_back("bad\x1b]0;title\x07");
  std::string text = RenderTable(result, {});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_NE(text.find("evil?[31mred  1.0??"), std::string::npos);
}

TEST(TableWriterTest, EmptyResultSaysSo) {
  std::string text = RenderTable(ScanResult{}, {});
  EXPECT_NE(text.find("OS:        unknown\n"), std::string::npos);
  EXPECT_NE(text.find("No packages found.\n"), std::string::npos);
  EXPECT_NE(text.find("Total: 0 packages, 0 executables\n"), std::string::npos);
}

TEST(TableWriterTest, OverlongCellsOverflowWithoutWideningTheColumn) {
  ScanResult result;
  std::string long_name(80, 'x');
  result.inventory.packages = {
      testing::SamplePackage(inventory::Ecosystem::kNpm, long_name, "1.0.0", 0, "/a"),
      testing::SamplePackage(inventory::Ecosystem::kNpm, "short", "2.0.0", 0, "/b")};
  std::string text = RenderTable(result, {});
  EXPECT_NE(text.find(long_name + "  1.0.0"), std::string::npos);
  EXPECT_NE(text.find("short  2.0.0"), std::string::npos);
}

TEST(TableWriterTest, VulnerabilitiesGroupedByPackageWorstFirst) {
  std::string text = RenderTable(testing::SampleScanResultWithVulnerabilities(), {});
  EXPECT_NE(text.find("\nVulnerabilities: 5 (critical 1, high 1, medium 2, negligible 1) "
                      "(database built 2026-11-28T12:00:00Z)\n"),
            std::string::npos)
      << text;
  size_t log4j = text.find(
      "\norg.apache.logging.log4j:log4j-core 2.19.0 (maven, "
      "/opt/app/lib/app.jar!/BOOT-INF/lib/log4j-core-2.19.0.jar): 1 "
      "(critical 1)\n");
  size_t axios = text.find("\naxios 0.21.0 (npm, /app/package-lock.json): 2 (high 1, medium 1)\n");
  size_t libc =
      text.find("\nlibc6 2.36-9+deb12u10 (deb, source glibc): 2 (medium 1, negligible 1)\n");
  ASSERT_NE(log4j, std::string::npos) << text;
  ASSERT_NE(axios, std::string::npos) << text;
  ASSERT_NE(libc, std::string::npos) << text;
  EXPECT_LT(log4j, axios);
  EXPECT_LT(axios, libc);
  EXPECT_NE(text.find("  ID              SEVERITY  STATE  FIXED-IN  TITLE\n"
                      "  CVE-2021-3749   high      fixed  0.21.2    Incorrect Comparison in axios\n"
                      "  CVE-2020-28168  medium    fixed  0.21.1    Server-Side Request Forgery in "
                      "Axios\n"
                      "  fix: upgrade axios to 0.21.2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  CVE-2019-1010022  negligible  will-not-fix\n"), std::string::npos);
  EXPECT_NE(text.find("  fix: upgrade libc6 (source glibc) to 2.36-9+deb12u3\n"),
            std::string::npos);
  EXPECT_NE(text.find("3 executables, 5 vulnerabilities\n"), std::string::npos);
}

TEST(TableWriterTest, CheckedWithoutFindingsSaysNoneFound) {
  ScanResult result;
  result.database = DatabaseInfo{"/db", 1, "2026-11-28T12:00:00Z", {}};
  std::string text = RenderTable(result, {});
  EXPECT_NE(text.find("\nVulnerabilities: none found (database built 2026-11-28T12:00:00Z)\n"),
            std::string::npos);
  EXPECT_NE(text.find("0 executables, 0 vulnerabilities\n"), std::string::npos);
}

TEST(TableWriterTest, FeedTextCannotEmitEscapes) {
  ScanResult result = testing::SampleScanResultWithVulnerabilities();
  result.vulnerabilities[0].title = "evil\x1b[2Jtitle";
  result.vulnerabilities[0].id = "CVE\x07";
  std::string text = RenderTable(result, {});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(text.find('\x07'), std::string::npos);
}

}  // namespace
}  // namespace moat::report

namespace moat::report {
namespace {

TEST(TableWriterFindingsTest, SectionsPerCategoryWithLayersFixesAndTheSummary) {
  RenderOptions options;
  options.summary = true;
  std::string text = RenderTable(testing::SampleScanResultWithFindings(), options);
  EXPECT_THAT(text, ::testing::HasSubstr("\nMalware: 1 (high 1)\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("\nSecrets: 1 (critical 1)\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("/opt/legacy/deploy.env:2  0, deleted in 1"));
  EXPECT_THAT(text, ::testing::HasSubstr("  fix (MOAT-CFG-001): Add a USER instruction"));
  EXPECT_THAT(text, ::testing::HasSubstr("\nNone found: Webshells, Sensitive files\n"));
  EXPECT_THAT(text, ::testing::HasSubstr(", 4 other findings\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("\nSummary: "));
  EXPECT_THAT(text, ::testing::HasSubstr("\n  secret          1      1 "));
  EXPECT_THAT(text, ::testing::HasSubstr("Top fixes:\n  1. [critical] "));
  EXPECT_EQ(text.find("\x1b["), std::string::npos) << "no colour unless asked";
}

TEST(TableWriterFindingsTest, SummaryNamesWhatWasNotChecked) {
  ScanResult result = testing::SampleScanResult();  // no database, no scanners
  std::string summary = RenderSummary(result);
  EXPECT_THAT(summary,
              ::testing::HasSubstr("not checked: vulnerability, malware, webshell, secret, "
                                   "sensitive-file, config, history\n"));
  EXPECT_EQ(summary.find("Top fixes"), std::string::npos);
  SummaryOptions color;
  color.color = true;
  EXPECT_NE(RenderSummary(testing::SampleScanResultWithFindings(), color).find("\x1b[1;31m1"),
            std::string::npos);
}

}  // namespace
}  // namespace moat::report
