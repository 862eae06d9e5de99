#include "vulndb/db_update.h"

#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/test_http_server.h"

namespace moat::vulndb {
namespace {

using ::moat::testing::TestHttpRequest;
using ::moat::testing::TestHttpResponse;
using ::moat::testing::TestHttpServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using Files = std::vector<std::pair<std::string, std::string>>;

la_ssize_t AppendToString(archive*, void* data, const void* buffer, size_t size) {
  static_cast<std::string*>(data)->append(static_cast<const char*>(buffer), size);
  return static_cast<la_ssize_t>(size);
}

// A zip or tar.gz of `files` in memory.
std::string MakeArchive(bool zip, const Files& files) {
  std::string out;
  archive* a = archive_write_new();
  if (zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
    archive_write_add_filter_gzip(a);
  }
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, AppendToString, nullptr);
  for (const auto& [name, data] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a, e);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

// A stand-in for ImportFeedPath: every "*.adv" file holds lines "id ecosystem package fixed".
absl::StatusOr<std::vector<ImportStats>> FakeImport(platform::FileSystem*, const std::string& path,
                                                    AdvisorySink* sink) {
  ImportStats stats;
  stats.source = "fake";
  std::vector<std::string> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(path)) {
      if (e.is_regular_file() && e.path().extension() == ".adv") files.push_back(e.path());
    }
  } else if (std::filesystem::exists(path)) {
    files.push_back(path);
  } else {
    return absl::NotFoundError(path);
  }
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) {
    ++stats.files;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::vector<std::string> f = absl::StrSplit(line, ' ');
      if (f.size() != 4) {
        sink->Malformed(file, "not 4 fields");
        ++stats.malformed;
        continue;
      }
      Advisory a;
      a.id = f[0];
      a.source = "fake";
      AffectedPackage p;
      p.ecosystem = f[1];
      p.package = f[2];
      p.ranges = {{VersionRange::Type::kEcosystem, {{RangeEvent::Kind::kFixed, f[3]}}}};
      a.affected = {p};
      sink->Add(a);
      ++stats.records;
    }
  }
  return std::vector<ImportStats>{stats};
}

FeedSource Source(std::string name, FeedArchive archive, std::vector<std::string> urls) {
  FeedSource f;
  f.name = std::move(name);
  f.archive = archive;
  f.urls = std::move(urls);
  return f;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class UpdateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok());
    zip_ = MakeArchive(true, {{"osv/GO-1.adv", "GO-1 golang example.com/a 1.2.3\n"},
                              {"osv/GO-2.adv", "GO-2 golang example.com/b 2.0.0\nbroken\n"}});
    tar_ = MakeArchive(false, {{"repo-main/npm/x.adv", "NPM-1 npm left-pad 1.3.0\n"}});
    server_.Route("GET", "/good/all.zip",
                  [this](const TestHttpRequest&) { return TestHttpServer::Text(200, zip_); });
    server_.Route("GET", "/mirror/archive.tar.gz",
                  [this](const TestHttpRequest&) { return TestHttpServer::Text(200, tar_); });
    server_.Route("GET", "/single/secdb.adv", [](const TestHttpRequest&) {
      return TestHttpServer::Text(200, "ALPINE-1 apk musl 1.2.4-r1\n");
    });
    server_.Route("GET", "/latest.txt", [](const TestHttpRequest&) {
      return TestHttpServer::Text(200, "  mirror/archive.tar.gz\n");
    });
  }

  absl::StatusOr<UpdateReport> Update(std::vector<FeedSource> feeds) {
    UpdateOptions options;
    options.feeds = std::move(feeds);
    options.db_path = db_;
    options.jobs = 2;
    return UpdateDatabase(&fs_, http_.get(), &clock_, FakeImport, options,
                          [this](absl::string_view line) { log_.emplace_back(line); });
  }

  std::vector<std::string> LeftoverTemporaries() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir_ + "/db")) {
      if (e.path().filename() != "moat.db") out.push_back(e.path().filename());
    }
    return out;
  }

  TestHttpServer server_;
  platform::PosixFileSystem fs_;
  platform::RealClock clock_;
  std::unique_ptr<platform::HttpClient> http_ = platform::NewCurlHttpClient({});
  std::string dir_ = moat::testing::MakeTempDir("update");
  std::string db_ = dir_ + "/db/moat.db";
  std::string zip_;
  std::string tar_;
  std::vector<std::string> log_;
};

TEST_F(UpdateTest, MirrorThatFailsFallsBackToTheNextAndEveryArchiveTypeWorks) {
  std::string url = server_.url();
  FeedSource indirect = Source("pointer", FeedArchive::kTar, {url + "/latest.txt"});
  indirect.indirect = true;
  auto report = Update(
      {Source("osv-go", FeedArchive::kZip, {url + "/missing/all.zip", url + "/good/all.zip"}),
       Source("single", FeedArchive::kFile, {url + "/single/secdb.adv"}), indirect});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->downloads.size(), 3u);
  EXPECT_EQ(report->downloads[0].url, url + "/good/all.zip");
  EXPECT_EQ(report->downloads[0].sha256, Sha256Hex(zip_));
  EXPECT_EQ(report->downloads[0].bytes, static_cast<int64_t>(zip_.size()));
  EXPECT_EQ(report->downloads[2].url, url + "/mirror/archive.tar.gz");  // resolved from the pointer

  auto db = OpenVulnDatabase(db_);
  ASSERT_TRUE(db.ok()) << db.status();
  EXPECT_EQ((*db)->Lookup("golang", "", "example.com/a")->size(), 1u);
  EXPECT_EQ((*db)->Lookup("golang", "", "example.com/b")->size(), 1u);
  EXPECT_EQ((*db)->Lookup("apk", "", "musl")->size(), 1u);
  EXPECT_EQ((*db)->Lookup("npm", "", "left-pad")->size(), 1u);
  ASSERT_EQ((*db)->metadata().downloads.size(), 3u);
  EXPECT_EQ((*db)->metadata().downloads[0].sha256, Sha256Hex(zip_));
  EXPECT_EQ(report->build.malformed, 1);
  ASSERT_EQ(report->build.malformed_samples.size(), 1u);
  EXPECT_THAT(report->build.malformed_samples[0].file, HasSubstr("GO-2.adv"));
  EXPECT_THAT(log_,
              ::testing::Contains(HasSubstr("failed: " + url + "/missing/all.zip: HTTP 404")));
  EXPECT_THAT(LeftoverTemporaries(), ::testing::IsEmpty());
}

TEST_F(UpdateTest, DownloadBrokenMidwayKeepsTheExistingDatabase) {
  ASSERT_TRUE(
      Update({Source("osv-go", FeedArchive::kZip, {server_.url() + "/good/all.zip"})}).ok());
  std::string before = ReadBytes(db_);
  server_.Route("GET", "/cut/all.zip", [this](const TestHttpRequest&) {
    TestHttpResponse response;
    response.headers.emplace_back("Content-Length", absl::StrCat(zip_.size()));
    response.stream = [this](const moat::testing::TestBodyWriter& write) {
      write(absl::string_view(zip_).substr(0, zip_.size() / 2));
    };
    return response;
  });
  auto report =
      Update({Source("osv-go", FeedArchive::kZip, {server_.url() + "/cut/all.zip"}),
              Source("single", FeedArchive::kFile, {server_.url() + "/single/secdb.adv"})});
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(
      std::string(report.status().message()),
      HasSubstr("downloading feed osv-go: every URL failed: " + server_.url() + "/cut/all.zip: "));
  EXPECT_EQ(ReadBytes(db_), before);
  EXPECT_THAT(LeftoverTemporaries(), ::testing::IsEmpty());
}

TEST_F(UpdateTest, OversizedDownloadIsRefused) {
  FeedSource feed = Source("osv-go", FeedArchive::kZip, {server_.url() + "/good/all.zip"});
  feed.max_bytes = 100;
  auto report = Update({feed});
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr(absl::StrCat(zip_.size(), " bytes, more than the limit of 100")));
  EXPECT_FALSE(std::filesystem::exists(db_));
}

TEST_F(UpdateTest, ArchiveMemberClimbingOutFailsAndWritesNothingOutside) {
  std::string evil = MakeArchive(true, {{"ok.adv", "A-1 npm a 1\n"}, {"../../escape.adv", "x"}});
  server_.Route("GET", "/evil.zip",
                [&](const TestHttpRequest&) { return TestHttpServer::Text(200, evil); });
  auto report = Update({Source("evil", FeedArchive::kZip, {server_.url() + "/evil.zip"})});
  ASSERT_FALSE(report.ok());
  EXPECT_THAT(std::string(report.status().message()),
              HasSubstr("unsafe member name \"../../escape.adv\""));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/escape.adv"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/db/escape.adv"));
  EXPECT_THAT(LeftoverTemporaries(), ::testing::IsEmpty());
}

TEST_F(UpdateTest, DisabledFeedsAreSkippedAndNoFeedIsAnError) {
  FeedSource off = Source("off", FeedArchive::kFile, {server_.url() + "/nothing"});
  off.enabled = false;
  auto report = Update({off});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "the sources config enables no feed");
  EXPECT_TRUE(server_.requests().empty());
}

Files ReadTree(const std::string& root) {
  Files files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    files.emplace_back(std::filesystem::relative(e.path(), root), ReadBytes(e.path()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The real importers over real feeds served the way upstream serves them: OSV's Go archive as a
// zip, an Alpine secdb file as is, the npm security-wg repository as a tar.gz.
TEST(UpdateSharedDataTest, DownloadsUnpacksAndImportsRealFeeds) {
  MOAT_SHARED_DATA_OR_SKIP(go, "advisories/go-vulndb-osv");
  MOAT_SHARED_DATA_OR_SKIP(alpine, "advisories/alpine-secdb/v3.11/main.yaml");
  MOAT_SHARED_DATA_OR_SKIP(npm, "advisories/nodejs-security-wg");
  TestHttpServer server;
  ASSERT_TRUE(server.ok());
  std::string zip = MakeArchive(true, ReadTree(go));
  std::string tar = MakeArchive(false, ReadTree(npm));
  std::string yaml = ReadBytes(alpine);
  server.Route("GET", "/Go/all.zip",
               [&](const TestHttpRequest&) { return TestHttpServer::Text(200, zip); });
  server.Route("GET", "/npm.tar.gz",
               [&](const TestHttpRequest&) { return TestHttpServer::Text(200, tar); });
  server.Route("GET", "/v3.11/main.yaml",
               [&](const TestHttpRequest&) { return TestHttpServer::Text(200, yaml); });
  platform::PosixFileSystem fs;
  platform::RealClock clock;
  auto http = platform::NewCurlHttpClient({});
  UpdateOptions options;
  options.feeds = {
      Source("osv-go", FeedArchive::kZip,
             {server.url() + "/gone/Go/all.zip", server.url() + "/Go/all.zip"}),
      Source("alpine-v3.11-main", FeedArchive::kFile, {server.url() + "/v3.11/main.yaml"}),
      Source("npm-wg", FeedArchive::kTar, {server.url() + "/npm.tar.gz"})};
  options.db_path = moat::testing::MakeTempDir("update-shared") + "/moat.db";
  auto report = UpdateDatabase(&fs, http.get(), &clock, ImportFeedPath, options, nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_EQ(report->downloads.size(), 3u);
  EXPECT_EQ(report->downloads[0].sha256, Sha256Hex(zip));
  auto db = OpenVulnDatabase(options.db_path);
  ASSERT_TRUE(db.ok()) << db.status();
  std::set<std::string> sources;
  for (const ImportStats& s : (*db)->metadata().sources) {
    if (s.records > 0) sources.insert(s.source);
  }
  EXPECT_GE(sources.size(), 2u) << "sources with records: " << sources.size();
  auto net = (*db)->Lookup("golang", "", "golang.org/x/net");
  ASSERT_TRUE(net.ok()) << net.status();
  EXPECT_GT(net->size(), 5u);
  EXPECT_GT((*db)->metadata().advisories, 4000);
}

TEST(ResolveUrlTest, RelativeAbsoluteAndFullReferences) {
  EXPECT_EQ(ResolveUrl("https://h/data/vex/archive_latest.txt", "csaf_vex_2024-07-07.tar.zst"),
            "https://h/data/vex/csaf_vex_2024-07-07.tar.zst");
  EXPECT_EQ(ResolveUrl("https://h/a/b?x=1", "c"), "https://h/a/c");
  EXPECT_EQ(ResolveUrl("https://h/a/b", "/root.tar"), "https://h/root.tar");
  EXPECT_EQ(ResolveUrl("https://h", "x"), "https://h/x");
  EXPECT_EQ(ResolveUrl("https://h/a", "http://other/y"), "http://other/y");
}

TEST(FeedFileNameTest, ExplicitNameElseLastSegment) {
  FeedSource f =
      Source("wolfi", FeedArchive::kFile, {"https://packages.wolfi.dev/os/security.json"});
  EXPECT_EQ(FeedFileName(f), "security.json");
  f.urls = {"https://security-tracker.debian.org/tracker/data/json?x"};
  EXPECT_EQ(FeedFileName(f), "json");
  f.file_name = "debian.json";
  EXPECT_EQ(FeedFileName(f), "debian.json");
  f.file_name = "";
  f.urls = {"https://host/"};
  EXPECT_EQ(FeedFileName(f), "wolfi.json");
}

}  // namespace
}  // namespace moat::vulndb
