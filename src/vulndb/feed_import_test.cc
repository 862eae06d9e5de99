// The import driver: directory walk, format detection, stats and duplicates, and hostile
// files (huge, truncated, deeply nested, alias bombs, giant strings) with exact error texts.
#include "vulndb/feed_import.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "vulndb/feed_output.h"
#include "vulndb/feed_testutil.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testutil::CollectingSink;
using testutil::StatsFor;

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string OsvRecord(absl::string_view id, absl::string_view modified) {
  return absl::StrCat(R"({"id": ")", id, R"(", "modified": ")", modified,
                      R"(", "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},)",
                      R"( "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, )",
                      R"({"fixed": "1.3.0"}]}]}]})");
}

TEST(FeedImportTest, WalksDirectoriesIgnoringHiddenUnknownAndSymlinks) {
  std::string dir = moat::testing::MakeTempDir("feed-walk");
  ASSERT_EQ(mkdir((dir + "/npm").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir + "/.git").c_str(), 0755), 0);
  WriteFile(dir + "/npm/GHSA-aaaa-bbbb-cccc.json",
            OsvRecord("GHSA-aaaa-bbbb-cccc", "2024-01-01T00:00:00Z"));
  WriteFile(dir + "/.git/GHSA-hidd-enhi-dden.json",
            OsvRecord("GHSA-hidd-enhi-dden", "2024-01-01T00:00:00Z"));
  WriteFile(dir + "/.hidden.json", OsvRecord("GHSA-hidd-enfi-le00", "2024-01-01T00:00:00Z"));
  WriteFile(dir + "/README.md", "# not a feed\n");
  WriteFile(dir + "/LICENSE", "Apache License\n");
  WriteFile(dir + "/package.json", R"({"name": "not-a-feed", "version": "1.0.0"})");
  ASSERT_EQ(symlink((dir + "/npm").c_str(), (dir + "/link").c_str()), 0);
  CollectingSink sink;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, dir + "/", &sink);
  ASSERT_TRUE(stats.ok()) << stats.status();
  ASSERT_EQ(sink.advisories.size(), 1u);
  EXPECT_EQ(sink.advisories[0].id, "GHSA-aaaa-bbbb-cccc");
  EXPECT_THAT(sink.malformed, IsEmpty());
  ASSERT_EQ(stats->size(), 1u);
  EXPECT_EQ((*stats)[0].source, "ghsa");
  EXPECT_EQ((*stats)[0].files, 1);
  EXPECT_EQ((*stats)[0].records, 1);
  EXPECT_EQ((*stats)[0].newest, "2024-01-01T00:00:00Z");
}

TEST(FeedImportTest, DuplicateRecordsAreCountedAndAllDelivered) {
  std::string dir = moat::testing::MakeTempDir("feed-dup");
  WriteFile(dir + "/a.json", OsvRecord("GHSA-dupe-dupe-dupe", "2024-01-01T00:00:00Z"));
  WriteFile(dir + "/b.json", OsvRecord("GHSA-dupe-dupe-dupe", "2024-02-01T00:00:00Z"));
  WriteFile(dir + "/c.json", OsvRecord("GO-2024-0001", "2024-01-01T00:00:00Z"));
  CollectingSink sink;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, dir, &sink);
  ASSERT_TRUE(stats.ok());
  ASSERT_EQ(sink.advisories.size(), 3u);  // the sink (database writer) keeps the newest
  const ImportStats* ghsa = StatsFor(*stats, "ghsa");
  ASSERT_NE(ghsa, nullptr);
  EXPECT_EQ(ghsa->records, 2);
  EXPECT_EQ(ghsa->duplicates, 1);
  EXPECT_EQ(ghsa->newest, "2024-02-01T00:00:00Z");
  EXPECT_EQ(StatsFor(*stats, "go-vulndb")->duplicates, 0);
}

TEST(FeedImportTest, MissingPathIsAnError) {
  CollectingSink sink;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, "/nonexistent/feeds", &sink);
  ASSERT_FALSE(stats.ok());
  EXPECT_THAT(std::string(stats.status().message()), ::testing::StartsWith("reading feeds: "));
}

TEST(FeedImportTest, FileOverTheSizeLimitIsOneMalformed) {
  std::string dir = moat::testing::MakeTempDir("feed-huge");
  std::string path = dir + "/GHSA-huge-huge-huge.json";
  int fd = open(path.c_str(), O_CREAT | O_WRONLY, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ftruncate(fd, 300 << 20), 0);  // sparse: no disk used
  close(fd);
  WriteFile(dir + "/ok.json", OsvRecord("GHSA-fine-fine-fine", "2024-01-01T00:00:00Z"));
  CollectingSink sink;
  platform::PosixFileSystem fs;
  auto stats = ImportFeedPath(&fs, dir, &sink);
  ASSERT_TRUE(stats.ok());
  EXPECT_THAT(sink.MalformedLines(),
              ElementsAre("GHSA-huge-huge-huge.json: 314572800 bytes, larger than the limit of "
                          "268435456 bytes for a feed file"));
  EXPECT_EQ(sink.advisories.size(), 1u);  // the import went on
  EXPECT_EQ(StatsFor(*stats, "ghsa")->malformed, 1);
}

TEST(FeedImportTest, GiantStringsAreCutNotRefused) {
  // 24 MB keeps the Debug and sanitizer runs short; 100 MB behaves the same (measured).
  std::string details(24u << 20, 'x');
  std::string text =
      absl::StrCat(R"({"id": "GHSA-long-long-long", "details": ")", details,
                   R"(", "affected": [{"package": {"ecosystem": "npm", "name": "x"},)",
                   R"( "versions": ["1.0.0"]}]})");
  CollectingSink sink;
  ImportFeedText("GHSA-long-long-long.json", text, &sink);
  ASSERT_EQ(sink.advisories.size(), 1u);
  EXPECT_EQ(sink.advisories[0].details.size(), kMaxDetailsBytes);
  // A 100 MB package name is refused: names and versions are never cut.
  std::string name(1u << 20, 'n');
  CollectingSink bad;
  ImportFeedText("x.json",
                 absl::StrCat(R"({"id": "GHSA-name-name-name", "affected": [{"package": )",
                              R"({"ecosystem": "npm", "name": ")", name, R"("}}]})"),
                 &bad);
  EXPECT_THAT(bad.MalformedLines(),
              ElementsAre("x.json: GHSA-name-name-name: affected[0]: invalid package name"));
}

TEST(FeedImportTest, DeeplyNestedJsonIsRefusedBeforeParsing) {
  std::string text = std::string(100000, '[') + std::string(100000, ']');
  CollectingSink sink;
  auto stats = ImportFeedText("GO-2024-9999.json", text, &sink);
  EXPECT_THAT(sink.MalformedLines(),
              ElementsAre("GO-2024-9999.json: JSON nested deeper than 128 levels"));
  EXPECT_EQ(StatsFor(stats, "go-vulndb")->malformed, 1);
}

TEST(FeedImportTest, TooManyJsonValuesAreRefused) {
  std::string text = "1,";
  while (text.size() < (66u << 20)) text += text;  // 33 Mi values
  text = "[" + text + "1]";
  CollectingSink sink;
  ImportFeedText("values.json", text, &sink);
  EXPECT_THAT(sink.MalformedLines(),
              ElementsAre("values.json: JSON has more than 33554432 values"));
}

TEST(FeedImportTest, DeeplyNestedYamlIsRefused) {
  std::string text = "id: PYSEC-1\naffected: " + std::string(1000, '[') + std::string(1000, ']');
  CollectingSink sink;
  ImportFeedText("PYSEC-1.yaml", text, &sink);
  EXPECT_THAT(sink.MalformedLines(), ElementsAre("PYSEC-1.yaml: YAML nested too deeply"));
}

TEST(FeedImportTest, YamlAliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  std::string previous = "a";
  for (char c = 'b'; c <= 'i'; ++c) {
    std::string refs;
    for (int i = 0; i < 10; ++i) refs += absl::StrCat(i ? ", " : "", "*", previous);
    text += absl::StrCat(std::string(1, c), ": &", std::string(1, c), " [", refs, "]\n");
    previous = std::string(1, c);
  }
  CollectingSink sink;
  ImportFeedText("PYSEC-2.yaml", text, &sink);
  EXPECT_THAT(sink.MalformedLines(),
              ElementsAre("PYSEC-2.yaml: YAML expands to more than 1048576 nodes"));
}

TEST(FeedImportTest, InvalidYamlNamesTheLine) {
  CollectingSink sink;
  ImportFeedText("PYSEC-3.yaml", "id: PYSEC-3\naffected:\n  - package: {name: [\n", &sink);
  ASSERT_EQ(sink.malformed.size(), 1u);
  EXPECT_THAT(sink.malformed[0].second, ::testing::StartsWith("invalid YAML at line 4"));
}

TEST(FeedImportTest, WrongTypesInKnownFieldsMakeTheRecordMalformed) {
  CollectingSink sink;
  ImportFeedText("w.json",
                 R"([{"id": "GHSA-aaaa-aaaa-aaaa", "aliases": "CVE-1", "affected": []},)"
                 R"( {"id": "GHSA-bbbb-bbbb-bbbb", "affected": [{"package": "npm/x"}]},)"
                 R"( {"id": 7, "affected": []},)"
                 R"( {"id": "GHSA-cccc-cccc-cccc", "affected": [{"package": {"ecosystem": "npm",)"
                 R"( "name": "x"}, "versions": [1]}]},)"
                 R"( {"id": "GHSA-dddd-dddd-dddd", "affected": [{"package": {"ecosystem": "npm",)"
                 R"( "name": "x"}, "ranges": [{"type": "SEMVER", "events": []}]}]}])",
                 &sink);
  EXPECT_THAT(
      sink.MalformedLines(),
      ElementsAre("w.json: GHSA-aaaa-aaaa-aaaa: aliases: not an array",
                  "w.json: GHSA-bbbb-bbbb-bbbb: affected[0]: package is not an object",
                  "w.json: OSV record has an invalid id",
                  "w.json: GHSA-cccc-cccc-cccc: affected[0]: versions[0]: not a string",
                  "w.json: GHSA-dddd-dddd-dddd: affected[0].ranges[0]: no introduced event"));
  EXPECT_THAT(sink.advisories, IsEmpty());
}

TEST(FeedImportTest, BinaryGarbageIsOneMalformed) {
  CollectingSink sink;
  std::string garbage("\x00\xff\x7f{[\"", 6);
  ImportFeedText("RUSTSEC-2024-0001.json", garbage, &sink);
  ASSERT_EQ(sink.malformed.size(), 1u);
  EXPECT_THAT(sink.malformed[0].second, ::testing::StartsWith("invalid JSON at byte 1"));
  ImportFeedText("list", garbage, &sink);  // extension-less and not a DSA list: ignored
  EXPECT_EQ(sink.malformed.size(), 1u);
}

}  // namespace
}  // namespace moat::vulndb
