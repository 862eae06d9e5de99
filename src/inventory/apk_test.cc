#include "inventory/apk.h"

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

constexpr char kPath[] = "/lib/apk/db/installed";

TEST(ApkTest, ParsesTheFixtureDatabase) {
  ApkCataloger cataloger;
  FileFacts facts =
      RunCataloger(cataloger, kPath, ReadFile(moat::testing::FixturePath("apk/installed")));
  EXPECT_TRUE(facts.warnings.empty());
  ASSERT_EQ(facts.packages.size(), 4u);
  const Package& musl = facts.packages[0];
  EXPECT_EQ(musl.ecosystem, Ecosystem::kApk);
  EXPECT_EQ(musl.origin, PackageOrigin::kInstalled);
  EXPECT_EQ(musl.name, "musl");
  EXPECT_EQ(musl.version, "1.2.4-r2");
  EXPECT_EQ(musl.arch, "x86_64");
  EXPECT_EQ(musl.source_name, "musl");
  EXPECT_EQ(musl.licenses, (std::vector<std::string>{"MIT"}));
  const Package& crypto = facts.packages[2];
  EXPECT_EQ(crypto.name, "libcrypto3");
  EXPECT_EQ(crypto.source_name, "openssl");
  EXPECT_EQ(facts.packages[3].licenses, (std::vector<std::string>{"MPL-2.0", "MIT"}));

  ASSERT_EQ(facts.owned_files.size(), 4u);
  EXPECT_EQ(facts.owned_files[0].first, "musl");
  EXPECT_EQ(facts.owned_files[0].second,
            (std::vector<std::string>{"/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1"}));
  EXPECT_EQ(facts.owned_files[1].second,
            (std::vector<std::string>{"/bin/busybox", "/bin/sh", "/etc/securetty",
                                      "/usr/share/udhcpc/default.script"}));
  EXPECT_EQ(facts.owned_files[2].second,
            (std::vector<std::string>{"/etc/ssl/openssl.cnf.dist", "/lib/libcrypto.so.3",
                                      "/usr/lib/libcrypto.so.3"}));
}

TEST(ApkTest, CrlfAndMissingFinalNewlineChangeNothing) {
  std::string text = ReadFile(moat::testing::FixturePath("apk/installed"));
  std::string crlf = absl::StrReplaceAll(text, {{"\n", "\r\n"}});
  while (!crlf.empty() && (crlf.back() == '\n' || crlf.back() == '\r')) crlf.pop_back();
  ApkCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/usr/lib/apk/db/installed", crlf);
  EXPECT_TRUE(facts.warnings.empty());
  ASSERT_EQ(facts.packages.size(), 4u);
  EXPECT_EQ(facts.packages[3].name, "ca-certificates-bundle");
  EXPECT_EQ(facts.owned_files[3].second.back(), "/etc/ssl/certs/ca-certificates.crt");
}

TEST(ApkTest, BadStanzasAreSkippedWithExactWarnings) {
  ApkCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, kPath,
                                 "P:ok\nV:1.0-r0\nnot a field\n\n"
                                 "P:noversion\n\n"
                                 "V:1.0-r0\nA:x86_64\n\n"
                                 "P:ok\nV:2.0-r0\n\n"
                                 "P:wolfi-pkg\nV:1.2.3-r4\nR:../../etc/shadow\nR:top-level\n");
  ASSERT_EQ(facts.packages.size(), 2u);
  EXPECT_EQ(facts.packages[0].version, "1.0-r0");
  EXPECT_EQ(facts.packages[1].name, "wolfi-pkg");
  ASSERT_EQ(facts.owned_files.size(), 1u);
  EXPECT_EQ(facts.owned_files[0].second, (std::vector<std::string>{"/top-level"}));
  EXPECT_EQ(facts.warnings, (std::vector<std::string>{
                                "/lib/apk/db/installed: line 3: expected \"X:value\"",
                                "/lib/apk/db/installed: package noversion: no V: field",
                                "/lib/apk/db/installed: stanza at line 7: no P: field",
                                "/lib/apk/db/installed: package ok: listed again at line 10",
                            }));
}

TEST(ApkTest, NothingButGarbageIsAnError) {
  ApkCataloger cataloger;
  absl::Status status;
  FileFacts facts = RunCataloger(cataloger, kPath, "\x89PNG\r\n\x1a\n", &status);
  EXPECT_EQ(status.message(), "line 1: expected \"X:value\"");
  EXPECT_TRUE(facts.packages.empty());
  facts = RunCataloger(cataloger, kPath, "", &status);
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(facts.packages.empty());
}

TEST(ApkTest, LargeInputsStayLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(&text, "P:p", i, "\nV:1.", i, "-r0\nF:usr/lib\nR:lib", i, ".so\n\n");
  }
  ApkCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, kPath, text);
  ASSERT_EQ(facts.packages.size(), 20000u);
  EXPECT_EQ(facts.owned_files[19999].second[0], "/usr/lib/lib19999.so");
}

TEST(ApkTest, WantsOnlyTheInstalledDatabase) {
  ApkCataloger cataloger;
  EXPECT_TRUE(testutil::Wants(cataloger, "/lib/apk/db/installed"));
  EXPECT_TRUE(testutil::Wants(cataloger, "/usr/lib/apk/db/installed"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/lib/apk/db/triggers"));
  EXPECT_FALSE(testutil::Wants(cataloger, "/x/lib/apk/db/installed"));
}

TEST(ApkLicensesTest, ExpressionsAndLegacyLists) {
  EXPECT_EQ(ApkLicenses("MIT"), (std::vector<std::string>{"MIT"}));
  EXPECT_EQ(ApkLicenses("MIT AND (BSD-2-Clause OR GPL-2.0-or-later)"),
            (std::vector<std::string>{"MIT", "BSD-2-Clause", "GPL-2.0-or-later"}));
  EXPECT_EQ(ApkLicenses("GPL2+ MPL 2.0 LGPL-2.1"),
            (std::vector<std::string>{"GPL-2.0-or-later", "MPL-2.0", "LGPL-2.1-only"}));
  EXPECT_EQ(ApkLicenses("GPL-2.0-only WITH Linux-syscall-note"),
            (std::vector<std::string>{"GPL-2.0-only WITH Linux-syscall-note"}));
  EXPECT_TRUE(ApkLicenses("  ").empty());
}

}  // namespace
}  // namespace moat::inventory
