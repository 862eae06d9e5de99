#include "vulndb/db_build.h"

#include <filesystem>
#include <fstream>

#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/paths.h"

namespace moat::vulndb {
namespace {

using ::testing::HasSubstr;

// A fake importer: one advisory per file, named after the file, from source "beta" for files
// in a directory "b" and "alpha" otherwise; files called "bad*" are malformed.
absl::StatusOr<std::vector<ImportStats>> OnePerFile(platform::FileSystem* fs,
                                                    const std::string& path, AdvisorySink* sink) {
  auto stat = fs->Stat(path);
  if (!stat.ok()) return stat.status();
  std::vector<std::string> files;
  if (stat->kind == platform::FileKind::kDirectory) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
      if (e.is_regular_file() && e.path().string().find("/.") == std::string::npos) {
        files.push_back(e.path());
      }
    }
  } else {
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  std::vector<ImportStats> out;
  for (const std::string& file : files) {
    std::filesystem::path p(file);
    ImportStats stats;
    stats.source = p.parent_path().filename() == "b" ? "beta" : "alpha";
    stats.files = 1;
    if (p.filename().string().rfind("bad", 0) == 0) {
      sink->Malformed(file, "bad record");
      stats.malformed = 1;
    } else {
      Advisory a;
      a.id = p.filename();
      a.source = stats.source;
      AffectedPackage affected;
      affected.ecosystem = "npm";
      affected.package = "pkg";
      a.affected = {affected};
      sink->Add(a);
      stats.records = 1;
    }
    MergeImportStats(out, {stats});
  }
  return out;
}

void Touch(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << "x";
}

class BuildTest : public ::testing::Test {
 protected:
  platform::PosixFileSystem fs_;
  moat::testing::FakeClock clock_;
  std::string dir_ = moat::testing::MakeTempDir("build");
};

TEST_F(BuildTest, ImportsEveryInputAndSumsStatsPerSource) {
  Touch(dir_ + "/in/a/one.json");
  Touch(dir_ + "/in/a/two.json");
  Touch(dir_ + "/in/a/bad1.json");
  Touch(dir_ + "/in/b/three.json");
  Touch(dir_ + "/in/b/bad2.json");
  Touch(dir_ + "/in/b/bad3.json");
  Touch(dir_ + "/in/.hidden/four.json");
  BuildOptions options;
  options.inputs = {dir_ + "/in"};
  options.db_path = dir_ + "/moat.db";
  options.jobs = 2;
  options.max_malformed_samples = 2;
  auto report = BuildDatabase(&fs_, &clock_, OnePerFile, options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->sources.size(), 2u);
  EXPECT_EQ(report->sources[0].source, "alpha");
  EXPECT_EQ(report->sources[0].files, 3);
  EXPECT_EQ(report->sources[0].records, 2);
  EXPECT_EQ(report->sources[1].source, "beta");
  EXPECT_EQ(report->sources[1].malformed, 2);
  EXPECT_EQ(report->malformed, 3);
  ASSERT_EQ(report->malformed_samples.size(), 2u);
  EXPECT_THAT(report->malformed_samples[0].file, HasSubstr("/in/a/bad1.json"));
  EXPECT_THAT(report->malformed_samples[1].file, HasSubstr("/in/b/bad2.json"));
  EXPECT_EQ(report->metadata.advisories, 3);
  EXPECT_GT(report->database_bytes, 0);
}

TEST_F(BuildTest, SameInputsGiveTheSameBytes) {
  for (int i = 0; i < 20; ++i) Touch(dir_ + "/in/a/f" + std::to_string(i) + ".json");
  for (int i = 0; i < 20; ++i) Touch(dir_ + "/in/b/g" + std::to_string(i) + ".json");
  std::string bytes[2];
  for (int run = 0; run < 2; ++run) {
    BuildOptions options;
    options.inputs = {dir_ + "/in"};
    options.db_path = dir_ + "/moat" + std::to_string(run) + ".db";
    options.jobs = run + 1;
    options.built_at = "2026-01-01T00:00:00Z";
    ASSERT_TRUE(BuildDatabase(&fs_, &clock_, OnePerFile, options).ok());
    std::ifstream in(options.db_path, std::ios::binary);
    bytes[run] = Sha256Hex(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  EXPECT_EQ(bytes[0], bytes[1]);
}

TEST_F(BuildTest, MissingInputFailsAndWritesNothing) {
  BuildOptions options;
  options.inputs = {dir_ + "/nope"};
  options.db_path = dir_ + "/moat.db";
  auto report = BuildDatabase(&fs_, &clock_, OnePerFile, options);
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()), HasSubstr("reading feeds: stat " + dir_));
  EXPECT_FALSE(std::filesystem::exists(options.db_path));
}

TEST(MergeImportStatsTest, SumsCountsAndKeepsTheNewestDate) {
  std::vector<ImportStats> into;
  ImportStats a;
  a.source = "osv";
  a.files = 1;
  a.records = 2;
  a.newest = "2024-01-01T00:00:00Z";
  ImportStats b = a;
  b.newest = "2024-03-01T00:00:00+01:00";
  ImportStats c;
  c.source = "alpine";
  MergeImportStats(into, {a, c});
  MergeImportStats(into, {b});
  ASSERT_EQ(into.size(), 2u);
  EXPECT_EQ(into[0].source, "alpine");
  EXPECT_EQ(into[1].files, 2);
  EXPECT_EQ(into[1].records, 4);
  EXPECT_EQ(into[1].newest, "2024-03-01T00:00:00+01:00");
}

// The real importers over ../shared/data/advisories: every source imports and the database
// answers lookups with what the feeds say.
TEST(BuildSharedDataTest, BuildsFromEveryAdvisoryFeed) {
  MOAT_SHARED_DATA_OR_SKIP(advisories, "advisories");
  platform::PosixFileSystem fs;
  platform::RealClock clock;
  BuildOptions options;
  options.inputs = {advisories};
  options.db_path = moat::testing::MakeTempDir("build-shared") + "/moat.db";
  auto report = BuildDatabase(&fs, &clock, ImportFeedPath, options);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_GT(report->metadata.advisories, 5000);
  std::cerr << "advisories " << report->metadata.advisories << ", affected "
            << report->metadata.affected_entries << ", " << report->database_bytes
            << " bytes; import " << report->import_time << ", write " << report->write_time << "\n";
  auto db = OpenVulnDatabase(options.db_path);
  ASSERT_TRUE(db.ok()) << db.status();
  auto net = (*db)->Lookup("golang", "", "golang.org/x/net");
  ASSERT_TRUE(net.ok()) << net.status();
  EXPECT_GT(net->size(), 5u);
}

}  // namespace
}  // namespace moat::vulndb
