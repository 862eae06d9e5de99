#include "vulndb/database.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "vulndb/advisory_merge.h"

namespace moat::vulndb {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

AffectedPackage Affected(std::string eco, std::string distro, std::string package,
                         std::string fixed) {
  AffectedPackage p;
  p.ecosystem = std::move(eco);
  p.distro = std::move(distro);
  p.package = std::move(package);
  p.ranges = {{VersionRange::Type::kEcosystem,
               {{RangeEvent::Kind::kIntroduced, "0"}, {RangeEvent::Kind::kFixed, fixed}}}};
  return p;
}

Advisory MakeAdvisory(std::string id, std::string source, std::vector<AffectedPackage> affected,
                      std::string modified = "") {
  Advisory a;
  a.id = std::move(id);
  a.source = std::move(source);
  a.summary = "summary of " + a.id;
  a.modified = std::move(modified);
  a.affected = std::move(affected);
  return a;
}

std::string Write(const std::string& path, std::vector<Advisory> advisories,
                  std::vector<ImportStats> stats = {}) {
  auto writer = NewDatabaseWriter(path, {.built_at = "2026-11-28T12:00:00Z"});
  EXPECT_TRUE(writer.ok()) << writer.status();
  for (Advisory& a : advisories) (*writer)->Add(std::move(a));
  absl::Status status = (*writer)->Finish(stats);
  EXPECT_TRUE(status.ok()) << status;
  return path;
}

std::vector<std::string> Ids(const std::vector<AffectedRecord>& records) {
  std::vector<std::string> ids;
  for (const AffectedRecord& r : records) ids.push_back(r.advisory->id());
  return ids;
}

class DatabaseTest : public ::testing::Test {
 protected:
  std::string dir_ = moat::testing::MakeTempDir("vulndb");
  std::string path_ = dir_ + "/sub/dir/moat.db";
};

TEST_F(DatabaseTest, LookupReturnsEveryAffectedEntryOfThePackage) {
  Write(path_,
        {MakeAdvisory("GHSA-1", "ghsa",
                      {Affected("npm", "", "lodash", "4.17.21"),
                       Affected("npm", "", "lodash-es", "4.17.21")}),
         MakeAdvisory("GHSA-2", "ghsa", {Affected("npm", "", "lodash", "4.17.12")}),
         MakeAdvisory("CVE-2023-1", "debian",
                      {Affected("deb", "debian:12", "openssl", "3.0.11-1~deb12u1"),
                       Affected("deb", "debian:11", "openssl", "1.1.1w-0+deb11u1")})},
        {{"ghsa", 2, 2, 0, "2024-01-01T00:00:00Z"}, {"debian", 1, 1, 1, ""}});
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok()) << db.status();

  auto lodash = (*db)->Lookup("npm", "", "lodash");
  ASSERT_TRUE(lodash.ok()) << lodash.status();
  EXPECT_THAT(Ids(*lodash), ElementsAre("GHSA-1", "GHSA-2"));
  EXPECT_EQ((*lodash)[0].affected.package, "lodash");
  EXPECT_EQ((*lodash)[0].affected.ecosystem, "npm");
  EXPECT_EQ((*lodash)[0].affected.ranges[0].events[1].version, "4.17.21");
  auto advisory = (*lodash)[0].advisory->Get();
  ASSERT_TRUE(advisory.ok()) << advisory.status();
  EXPECT_EQ((*advisory)->id, "GHSA-1");
  EXPECT_EQ((*advisory)->summary, "summary of GHSA-1");
  EXPECT_TRUE((*advisory)->affected.empty());

  auto openssl = (*db)->Lookup("deb", "debian:12", "openssl");
  ASSERT_TRUE(openssl.ok());
  ASSERT_THAT(Ids(*openssl), ElementsAre("CVE-2023-1"));
  EXPECT_EQ((*openssl)[0].affected.distro, "debian:12");
  EXPECT_EQ((*openssl)[0].affected.ranges[0].events[1].version, "3.0.11-1~deb12u1");

  EXPECT_THAT(*(*db)->Lookup("deb", "debian:13", "openssl"), IsEmpty());
  EXPECT_THAT(*(*db)->Lookup("npm", "", "lodash.merge"), IsEmpty());
  EXPECT_THAT(*(*db)->Lookup("pypi", "", "lodash"), IsEmpty());
}

TEST_F(DatabaseTest, MetadataIsStored) {
  Write(path_,
        {MakeAdvisory("GHSA-1", "ghsa",
                      {Affected("npm", "", "a", "1"), Affected("npm", "", "b", "1")})},
        {{"ghsa", 3, 2, 1, "2024-01-01T00:00:00Z"}});
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok()) << db.status();
  const DatabaseMetadata& m = (*db)->metadata();
  EXPECT_EQ(m.schema_version, kDatabaseSchemaVersion);
  EXPECT_EQ(m.built_at, "2026-11-28T12:00:00Z");
  EXPECT_EQ(m.moat_version, "0.1.0");
  EXPECT_EQ(m.advisories, 1);
  EXPECT_EQ(m.affected_entries, 2);
  ASSERT_EQ(m.sources.size(), 1u);
  EXPECT_EQ(m.sources[0].source, "ghsa");
  EXPECT_EQ(m.sources[0].files, 3);
  EXPECT_EQ(m.sources[0].records, 2);
  EXPECT_EQ(m.sources[0].malformed, 1);
  EXPECT_EQ(m.sources[0].newest, "2024-01-01T00:00:00Z");
}

TEST_F(DatabaseTest, DownloadsAreRecorded) {
  auto writer = NewDatabaseWriter(path_);
  ASSERT_TRUE(writer.ok());
  (*writer)->SetDownloads({{"osv-go", "http://x/all.zip", 42, std::string(64, 'a')}});
  ASSERT_TRUE((*writer)->Finish({}).ok());
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok()) << db.status();
  ASSERT_EQ((*db)->metadata().downloads.size(), 1u);
  EXPECT_EQ((*db)->metadata().downloads[0].url, "http://x/all.zip");
  EXPECT_EQ((*db)->metadata().downloads[0].bytes, 42);
  EXPECT_EQ((*db)->metadata().advisories, 0);
  EXPECT_THAT((*db)->metadata().built_at, ::testing::MatchesRegex("20[0-9-]+T[0-9:]+Z"));
}

TEST_F(DatabaseTest, NewerRevisionReplacesTheOlderWhole) {
  Write(
      path_,
      {MakeAdvisory("GO-1", "osv",
                    {Affected("golang", "", "a", "1.0.0"), Affected("golang", "", "b", "1.0.0")},
                    "2024-01-01T00:00:00Z"),
       MakeAdvisory("GO-1", "osv", {Affected("golang", "", "a", "1.0.1")},
                    "2024-02-01T00:00:00.5Z"),
       MakeAdvisory("GO-1", "osv", {Affected("golang", "", "a", "0.9")}, "2023-12-01T00:00:00Z")});
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok());
  auto a = (*db)->Lookup("golang", "", "a");
  ASSERT_EQ(a->size(), 1u);
  EXPECT_EQ((*a)[0].affected.ranges[0].events[1].version, "1.0.1");
  EXPECT_THAT(*(*db)->Lookup("golang", "", "b"), IsEmpty());
  EXPECT_EQ((*db)->metadata().affected_entries, 1);
}

TEST_F(DatabaseTest, PartsOfOneAdvisoryAreMerged) {
  Advisory v318 = MakeAdvisory("CVE-2023-5", "alpine", {Affected("apk", "alpine:3.18", "z", "1")});
  v318.aliases = {"X-1"};
  Advisory v319 = MakeAdvisory("CVE-2023-5", "alpine", {Affected("apk", "alpine:3.19", "z", "2")});
  v319.aliases = {"X-1", "X-2"};
  Advisory again = MakeAdvisory("CVE-2023-5", "alpine", {Affected("apk", "alpine:3.18", "z", "3")});
  Advisory other_source = MakeAdvisory("CVE-2023-5", "wolfi", {Affected("apk", "wolfi", "z", "9")});
  Write(path_, {v318, v319, again, other_source});
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok());
  auto r18 = (*db)->Lookup("apk", "alpine:3.18", "z");
  ASSERT_EQ(r18->size(), 1u);
  EXPECT_EQ((*r18)[0].affected.ranges[0].events[1].version, "3");  // the later part wins
  EXPECT_THAT((*(*r18)[0].advisory->Get())->aliases, ElementsAre("X-1", "X-2"));
  auto r19 = (*db)->Lookup("apk", "alpine:3.19", "z");
  ASSERT_EQ(r19->size(), 1u);
  EXPECT_EQ((*db)->metadata().advisories, 2);  // alpine and wolfi kept apart
}

TEST_F(DatabaseTest, WithdrawnAndEmptyAdvisoriesAreNotWritten) {
  Advisory withdrawn = MakeAdvisory("GHSA-w", "ghsa", {Affected("npm", "", "a", "1")});
  withdrawn.withdrawn = true;
  Write(path_, {withdrawn, MakeAdvisory("GHSA-e", "ghsa", {})});
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->metadata().advisories, 0);
  EXPECT_THAT(*(*db)->Lookup("npm", "", "a"), IsEmpty());
}

TEST_F(DatabaseTest, SameEntryTwiceInOneAdvisoryIsKept) {
  Write(path_, {MakeAdvisory("OSV-1", "osv",
                             {Affected("pypi", "", "django", "3.2.1"),
                              Affected("pypi", "", "django", "4.0.1")})});
  auto db = OpenVulnDatabase(path_);
  auto r = (*db)->Lookup("pypi", "", "django");
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[1].affected.ranges[0].events[1].version, "4.0.1");
  EXPECT_EQ((*r)[0].advisory, (*r)[1].advisory);  // one advisory, decoded once
}

TEST_F(DatabaseTest, LookupManyReturnsWhatLookupReturnsPerPackage) {
  std::vector<Advisory> advisories;
  for (int i = 0; i < 100; ++i) {
    advisories.push_back(
        MakeAdvisory(absl::StrCat("GHSA-", i), "ghsa",
                     {Affected("npm", "", absl::StrCat("p", i % 40), "1"),
                      Affected("npm", "", absl::StrCat("p", (i + 1) % 40), absl::StrCat(i))}));
  }
  Write(path_, advisories);
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok()) << db.status();
  // More than one query's worth, unsorted, with misses and a name asked for twice.
  std::vector<std::string> names;
  for (int i = 79; i >= 0; --i) names.push_back(absl::StrCat(i % 2 == 0 ? "p" : "q", i / 2));
  names.push_back("p7");
  std::vector<absl::string_view> views(names.begin(), names.end());
  auto many = (*db)->LookupMany("npm", "", views);
  ASSERT_TRUE(many.ok()) << many.status();
  ASSERT_EQ(many->size(), names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    auto one = (*db)->Lookup("npm", "", names[i]);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ(Ids((*many)[i]), Ids(*one)) << names[i];
    ASSERT_EQ((*many)[i].size(), one->size());
    for (size_t j = 0; j < one->size(); ++j) {
      EXPECT_EQ((*many)[i][j].affected.package, names[i]);
      EXPECT_EQ((*many)[i][j].affected.ranges[0].events[1].version,
                (*one)[j].affected.ranges[0].events[1].version);
    }
  }
  EXPECT_THAT(Ids((*many)[1]), ElementsAre("GHSA-38", "GHSA-39", "GHSA-78", "GHSA-79"));
  auto other = (*db)->LookupMany("pypi", "", views);
  ASSERT_TRUE(other.ok());
  EXPECT_THAT((*other)[0], IsEmpty());
}

TEST_F(DatabaseTest, DamagedAdvisoryBodyIsAnErrorWhenDecoded) {
  Write(path_, {MakeAdvisory("GHSA-1", "ghsa", {Affected("npm", "", "a", "1")})});
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "UPDATE advisory SET body = x'0105'", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok()) << db.status();
  auto r = (*db)->Lookup("npm", "", "a");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].advisory->id(), "GHSA-1");
  auto advisory = (*r)[0].advisory->Get();
  ASSERT_FALSE(advisory.ok());
  EXPECT_EQ(advisory.status().message(), "ghsa GHSA-1: advisory record: truncated or damaged");
}

TEST_F(DatabaseTest, ConcurrentLookupsFromSeveralThreads) {
  std::vector<Advisory> advisories;
  for (int i = 0; i < 200; ++i) {
    advisories.push_back(MakeAdvisory(absl::StrCat("GHSA-", i), "ghsa",
                                      {Affected("npm", "", absl::StrCat("p", i % 50), "1")}));
  }
  Write(path_, advisories);
  auto db = OpenVulnDatabase(path_, {.max_connections = 2});
  ASSERT_TRUE(db.ok());
  std::vector<std::thread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto r = (*db)->Lookup("npm", "", absl::StrCat("p", i % 50));
        if (r.ok()) found += static_cast<int>(r->size());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(found.load(), 4 * 500 * 4);
}

TEST_F(DatabaseTest, RefusesAnotherSchemaVersion) {
  Write(path_, {});
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto db = OpenVulnDatabase(path_);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(),
            absl::StrCat(path_,
                         ": database schema version 99, but Moat 0.1.0 reads schema "
                         "version 1: rebuild it with `moat db build` or `moat db update` "
                         "(or use a matching Moat)"));
}

TEST_F(DatabaseTest, RefusesFilesThatAreNotMoatDatabases) {
  std::string text = dir_ + "/text.db";
  std::ofstream(text) << "hello, this is not SQLite at all, not even close to it";
  auto db = OpenVulnDatabase(text);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(std::string(db.status().message()),
              HasSubstr("text.db: not a Moat vulnerability database (file is not a database)"));

  std::string other = dir_ + "/other.db";
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(other.c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  db = OpenVulnDatabase(other);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().message(), other + ": not a Moat vulnerability database");

  db = OpenVulnDatabase(dir_ + "/missing.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(db.status().message()), HasSubstr("no vulnerability database"));
}

TEST_F(DatabaseTest, FailedWriteLeavesTheOldFileAndNoTemporaries) {
  Write(path_, {MakeAdvisory("GHSA-1", "ghsa", {Affected("npm", "", "a", "1")})});
  std::string dir = dir_ + "/sub/dir";
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  auto writer = NewDatabaseWriter(path_);
  ASSERT_TRUE(writer.ok());
  absl::Status status = (*writer)->Finish({});
  ::chmod(dir.c_str(), 0755);
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("writing the database " + path_));
  auto db = OpenVulnDatabase(path_);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->metadata().advisories, 1);
}

TEST_F(DatabaseTest, FailedInstallRemovesTheTemporaryFile) {
  std::string dir = dir_ + "/x";
  std::string target = dir + "/moat.db";
  ASSERT_TRUE(std::filesystem::create_directories(target + "/occupied"));
  auto writer = NewDatabaseWriter(target);
  ASSERT_TRUE(writer.ok());
  (*writer)->Add(MakeAdvisory("GHSA-1", "ghsa", {Affected("npm", "", "a", "1")}));
  absl::Status status = (*writer)->Finish({});
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("writing the database " + target));
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename());
  }
  EXPECT_THAT(names, ElementsAre("moat.db"));
}

TEST(DefaultDatabasePathTest, EnvironmentWins) {
  EXPECT_EQ(DefaultDatabasePath("/x/y.db", "/home/u"), "/x/y.db");
  std::string path = DefaultDatabasePath("", "/home/u");
  EXPECT_TRUE(path == "/var/lib/moat/db/moat.db" || path == "/home/u/.cache/moat/db/moat.db")
      << path;
}

TEST(CompareTimestampsTest, ComparesInstantsNotStrings) {
  EXPECT_EQ(CompareTimestamps("2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"), 0);
  EXPECT_LT(CompareTimestamps("2024-01-01T01:00:00+02:00", "2024-01-01T00:00:00Z"), 0);
  EXPECT_GT(CompareTimestamps("2024-01-02", "2024-01-01T23:59:59Z"), 0);
}

}  // namespace
}  // namespace moat::vulndb
