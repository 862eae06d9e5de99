#include "inventory/java_archive.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "name@version" or "name@version in inner/path" for nested packages.
std::vector<std::string> Coordinates(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const Package& p : packages) {
    out.push_back(p.name + "@" + p.version +
                  (p.found_in_archive.empty() ? "" : " in " + p.found_in_archive));
  }
  return out;
}

struct Parsed {
  absl::Status status;
  FileFacts facts;
};

Parsed ParseData(const std::string& path, const std::string& data, int64_t max_file_size,
                 JavaArchiveLimits limits = {}) {
  image::FileRecord file;
  file.path = path;
  file.size = static_cast<int64_t>(data.size());
  Parsed out;
  out.status =
      JavaArchiveCataloger(limits).Parse(FileInput{0, file, data, max_file_size}, &out.facts);
  return out;
}

Parsed ParseFixture(const std::string& name, int64_t max_file_size = 1 << 20) {
  return ParseData("/opt/app/" + name, ReadFile(testing::FixturePath("java/" + name)),
                   max_file_size);
}

TEST(JavaArchiveTest, WantsArchiveExtensions) {
  JavaArchiveCataloger cataloger;
  image::FileRecord file;
  for (const char* path :
       {"/a/x.jar", "/a/X.JAR", "/a/x.war", "/a/x.ear", "/a/x.par", "/a/x.jpi", "/a/x.hpi"}) {
    file.path = path;
    EXPECT_TRUE(cataloger.Wants(file)) << path;
  }
  for (const char* path : {"/a/x.zip", "/a/jar", "/a/.jar/x", "/a/x.jar.sha1"}) {
    file.path = path;
    EXPECT_FALSE(cataloger.Wants(file)) << path;
  }
  file.path = "/a/x.jar";
  file.type = image::EntryType::kDirectory;
  EXPECT_FALSE(cataloger.Wants(file));
}

TEST(JavaArchiveTest, PomPropertiesNameTheArchive) {
  Parsed r = ParseFixture("jackson-core-2.15.2.jar");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages),
              ElementsAre("com.fasterxml.jackson.core:jackson-core@2.15.2"));
  EXPECT_EQ(r.facts.packages[0].ecosystem, Ecosystem::kMaven);
  EXPECT_EQ(r.facts.packages[0].origin, PackageOrigin::kInstalled);
}

TEST(JavaArchiveTest, ManifestWithoutPomProperties) {
  Parsed r = ParseFixture("log4j-1.2.17.jar");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages), ElementsAre("log4j:log4j@1.2.17"));
}

TEST(JavaArchiveTest, FileNameWhenNothingElseSaysIt) {
  Parsed r = ParseFixture("noinfo-lib-3.4.5.Final.jar");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages), ElementsAre("noinfo-lib:noinfo-lib@3.4.5.Final"));
  std::string data = ReadFile(testing::FixturePath("java/noinfo-lib-3.4.5.Final.jar"));
  EXPECT_TRUE(ParseData("/opt/app.jar", data, 1 << 20).facts.packages.empty());
}

TEST(JavaArchiveTest, NestedArchivesWithChainsDuplicatesAndBrokenEntries) {
  Parsed r = ParseFixture("fat-app-1.0.0.jar");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(
      Coordinates(r.facts.packages),
      ElementsAre("com.example:fat-app@1.0.0",
                  "com.fasterxml.jackson.core:jackson-core@2.15.2 in "
                  "BOOT-INF/lib/jackson-core-2.15.2.jar",
                  "com.google.guava:guava@31.1-jre in BOOT-INF/lib/guava-31.1-jre.jar",
                  "legacy:legacy@0.9 in BOOT-INF/lib/legacy-0.9.jar", "inner-web:inner-web@2.3 in lib/inner.war",
                  "org.slf4j:slf4j-api@2.0.7 in "
                  "lib/inner.war/WEB-INF/lib/slf4j-api-2.0.7.jar"));
  EXPECT_THAT(r.facts.warnings,
              ElementsAre("/opt/app/fat-app-1.0.0.jar: java-archive: BOOT-INF/lib/broken-1.0.jar: "
                          "not a zip archive: Unrecognized archive format"));
}

TEST(JavaArchiveTest, ZipBombIsCutAtTheLimit) {
  Parsed r = ParseFixture("bomb-app-1.0.jar", 1 << 20);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages),
              ElementsAre("com.example:bomb-app@1.0",
                          "com.example:small@2.0 in BOOT-INF/lib/small-2.0.jar"));
  EXPECT_THAT(r.facts.warnings,
              ElementsAre("/opt/app/bomb-app-1.0.jar: java-archive: BOOT-INF/lib/bomb-1.0.jar: "
                          "inflates past the 1048576-byte limit; skipped"));
}

TEST(JavaArchiveTest, TotalBudgetStopsLaterNestedArchives) {
  Parsed r = ParseFixture("budget-app-1.0.jar", 1 << 20);  // budget: 2 MiB
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(
      Coordinates(r.facts.packages),
      ElementsAre("com.example:budget-app@1.0", "com.example:pad0@1.0 in BOOT-INF/lib/pad0-1.0.jar",
                  "com.example:pad1@1.0 in BOOT-INF/lib/pad1-1.0.jar",
                  "com.example:pad2@1.0 in BOOT-INF/lib/pad2-1.0.jar",
                  "com.example:pad3@1.0 in BOOT-INF/lib/pad3-1.0.jar"));
  EXPECT_THAT(r.facts.warnings,
              ElementsAre("/opt/app/budget-app-1.0.jar: java-archive: BOOT-INF/lib/pad4-1.0.jar: "
                          "nested archives inflate past the 2097152-byte budget; this and later "
                          "ones skipped"));
}

TEST(JavaArchiveTest, DepthLimit) {
  Parsed r = ParseFixture("level0.jar");
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages),
              ElementsAre("com.example:level0@1.0", "com.example:level1@1.0 in lib/level1.jar",
                          "com.example:level2@1.0 in lib/level1.jar/lib/level2.jar",
                          "com.example:level3@1.0 in lib/level1.jar/lib/level2.jar/lib/level3.jar",
                          "com.example:level4@1.0 in "
                          "lib/level1.jar/lib/level2.jar/lib/level3.jar/lib/level4.jar"));
  EXPECT_THAT(r.facts.warnings,
              ElementsAre("/opt/app/level0.jar: java-archive: "
                          "lib/level1.jar/lib/level2.jar/lib/level3.jar/lib/level4.jar/lib/"
                          "level5.jar: nested deeper than 4 archives; skipped"));
}

TEST(JavaArchiveTest, GarbageAndTruncatedArchivesNeverCrash) {
  Parsed garbage = ParseData("/x.jar", "PK\x03\x04 but then nothing useful", 1 << 20);
  EXPECT_FALSE(garbage.status.ok());
  Parsed text = ParseData("/x.jar", "plain text", 1 << 20);
  EXPECT_EQ(text.status.message(), "not a zip archive: Unrecognized archive format");
  Parsed empty = ParseData("/x.jar", "", 1 << 20);
  EXPECT_FALSE(empty.status.ok());
  std::string data = ReadFile(testing::FixturePath("java/fat-app-1.0.0.jar"));
  for (size_t n = 0; n < data.size(); n += 37) {
    Parsed r = ParseData("/x.jar", data.substr(0, n), 1 << 20);
    (void)r;
  }
  for (size_t i = 30; i < data.size(); i += 101) {
    std::string flipped = data;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    Parsed r = ParseData("/x.jar", flipped, 1 << 20);
    (void)r;
  }
}

TEST(JavaArchiveTest, DemoImageJars) {
  const std::string root = "/var/tmp/moat-testenv/images/rootfs-app/opt/app/";
  if (ReadFile(root + "demo-service-0.1.0.jar").empty()) {
    GTEST_SKIP() << root << " is absent (built by ../shared/tools/build-test-images.sh)";
  }
  std::vector<std::string> all;
  for (const char* name : {"demo-service-0.1.0.jar", "lib/commons-text-1.10.0.jar",
                           "lib/jackson-databind-2.14.0.jar", "lib/log4j-1.2.17.jar"}) {
    Parsed r = ParseData(root + name, ReadFile(root + name), 128 << 20);
    ASSERT_TRUE(r.status.ok()) << name << ": " << r.status;
    EXPECT_TRUE(r.facts.warnings.empty()) << r.facts.warnings[0];
    for (const std::string& c : Coordinates(r.facts.packages)) all.push_back(c);
  }
  EXPECT_THAT(all,
              ElementsAre("com.example:demo-service@0.1.0",
                          "org.apache.logging.log4j:log4j-core@2.19.0 in "
                          "BOOT-INF/lib/log4j-core-2.19.0.jar",
                          "org.apache.logging.log4j:log4j-api@2.19.0 in "
                          "BOOT-INF/lib/log4j-api-2.19.0.jar",
                          "org.apache.commons:commons-lang3@3.12.0 in "
                          "BOOT-INF/lib/commons-lang3-3.12.0.jar",
                          "org.apache.commons:commons-text@1.10.0",
                          "com.fasterxml.jackson.core:jackson-databind@2.14.0", "log4j:log4j@1.2.17"));
}

TEST(JavaArchiveTest, TrivyParFixture) {
  MOAT_SHARED_DATA_OR_SKIP(dir,
                           "trivy-parser-fixtures/pkg/fanal/analyzer/language/java/jar/testdata");
  Parsed r = ParseData("/test.par", ReadFile(dir + "/test.par"), 128 << 20);
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(
      Coordinates(r.facts.packages),
      ElementsAre("com.example:par-app@3.0.0",
                  "com.fasterxml.jackson.core:jackson-core@2.9.10 in lib/jackson-core-2.9.10.jar"));
}

}  // namespace
}  // namespace moat::inventory
