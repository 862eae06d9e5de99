#include "inventory/rpm.h"

#include <rpm/header.h>
#include <rpm/rpmtag.h>
#include <sqlite3.h>

#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "inventory/ospkg_testutil.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using testutil::ReadFile;
using testutil::RunCataloger;

std::string Fixture(const std::string& name) {
  return ReadFile(moat::testing::FixturePath("rpm/" + name));
}

std::map<std::string, Package> ByName(const std::vector<Package>& packages) {
  std::map<std::string, Package> out;
  for (const Package& p : packages) out[p.name] = p;
  return out;
}

// The three fixture databases hold the same packages (make-fixtures.sh).
void ExpectFixturePackages(const FileFacts& facts) {
  EXPECT_TRUE(facts.warnings.empty()) << facts.warnings.front();
  auto packages = ByName(facts.packages);
  ASSERT_EQ(packages.size(), 3u);  // gpg-pubkey skipped
  const Package& hello = packages["hello"];
  EXPECT_EQ(hello.ecosystem, Ecosystem::kRpm);
  EXPECT_EQ(hello.origin, PackageOrigin::kInstalled);
  EXPECT_EQ(hello.version, "1:1.2.3-4.fc39");
  EXPECT_EQ(hello.epoch, 1);
  EXPECT_EQ(hello.arch, "x86_64");
  EXPECT_EQ(hello.licenses, (std::vector<std::string>{"MIT"}));
  EXPECT_EQ(hello.source_name, "hello");
  EXPECT_EQ(hello.source_version, "1:1.2.3-4.fc39");
  const Package& greet = packages["greet"];
  EXPECT_EQ(greet.version, "2.0~rc1-1");
  EXPECT_EQ(greet.epoch, 0);
  EXPECT_EQ(greet.arch, "noarch");
  EXPECT_EQ(greet.licenses, (std::vector<std::string>{"GPL-2.0-or-later AND BSD-3-Clause"}));
  const Package& lib = packages["libgreet"];
  EXPECT_EQ(lib.source_name, "greet");
  EXPECT_EQ(lib.source_version, "2.0~rc1-1");
  EXPECT_EQ(lib.licenses, (std::vector<std::string>{"BSD-3-Clause"}));

  std::map<std::string, std::vector<std::string>> owned(facts.owned_files.begin(),
                                                        facts.owned_files.end());
  EXPECT_EQ(owned["hello"],
            (std::vector<std::string>{"/etc/hello.conf", "/usr/bin/hello", "/usr/share/doc/hello",
                                      "/usr/share/doc/hello/README"}));
  EXPECT_EQ(owned["libgreet"], (std::vector<std::string>{"/usr/lib64/libgreet.so.2"}));
  EXPECT_EQ(owned["greet"], (std::vector<std::string>{"/usr/share/greet/data"}));
  EXPECT_FALSE(owned.count("gpg-pubkey"));
}

TEST(RpmCatalogerTest, ReadsTheSqliteDatabase) {
  RpmCataloger cataloger;
  ExpectFixturePackages(
      RunCataloger(cataloger, "/var/lib/rpm/rpmdb.sqlite", Fixture("rpmdb.sqlite")));
  ExpectFixturePackages(
      RunCataloger(cataloger, "/usr/lib/sysimage/rpm/rpmdb.sqlite", Fixture("rpmdb.sqlite")));
}

TEST(RpmCatalogerTest, ReadsTheBerkeleyDbDatabase) {
  RpmCataloger cataloger;
  ExpectFixturePackages(RunCataloger(cataloger, "/var/lib/rpm/Packages", Fixture("Packages")));
}

TEST(RpmCatalogerTest, ReadsTheNdbDatabase) {
  RpmCataloger cataloger;
  ExpectFixturePackages(
      RunCataloger(cataloger, "/usr/lib/sysimage/rpm/Packages.db", Fixture("Packages.db")));
}

TEST(RpmCatalogerTest, WantsOnlyDatabaseFiles) {
  RpmCataloger cataloger;
  for (const char* path :
       {"/var/lib/rpm/Packages", "/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages.db",
        "/usr/lib/sysimage/rpm/Packages", "/usr/lib/sysimage/rpm/rpmdb.sqlite",
        "/usr/lib/sysimage/rpm/Packages.db"}) {
    EXPECT_TRUE(testutil::Wants(cataloger, path)) << path;
  }
  for (const char* path :
       {"/var/lib/rpm/Name", "/var/lib/rpm/rpmdb.sqlite-wal", "/var/lib/rpm/Index.db",
        "/root/var/lib/rpm/Packages", "/var/lib/rpm/x/Packages"}) {
    EXPECT_FALSE(testutil::Wants(cataloger, path)) << path;
  }
}

TEST(SplitSourceRpmTest, SplitsNameAndVersionRelease) {
  std::string name, version;
  ASSERT_TRUE(SplitSourceRpm("greet-2.0~rc1-1.src.rpm", &name, &version));
  EXPECT_EQ(name, "greet");
  EXPECT_EQ(version, "2.0~rc1-1");
  ASSERT_TRUE(SplitSourceRpm("python3-foo-bar-1.2-3.el9_2.nosrc.rpm", &name, &version));
  EXPECT_EQ(name, "python3-foo-bar");
  EXPECT_EQ(version, "1.2-3.el9_2");
  for (const char* bad : {"", "foo.src.rpm", "foo-1.src.rpm", "-1-2.src.rpm", "foo--1.src.rpm",
                          "foo-1-.src.rpm", "foo-1-2.rpm", "(none)"}) {
    EXPECT_FALSE(SplitSourceRpm(bad, &name, &version)) << bad;
  }
}

// A header built with librpm, exported as the databases store it.
class HeaderBuilder {
 public:
  HeaderBuilder() : h_(headerNew()) {}
  ~HeaderBuilder() { headerFree(h_); }
  HeaderBuilder& String(rpmTagVal tag, const char* value) {
    headerPutString(h_, tag, value);
    return *this;
  }
  HeaderBuilder& Strings(rpmTagVal tag, std::vector<const char*> values) {
    headerPutStringArray(h_, tag, values.data(), values.size());
    return *this;
  }
  HeaderBuilder& Numbers(rpmTagVal tag, std::vector<uint32_t> values) {
    headerPutUint32(h_, tag, values.data(), values.size());
    return *this;
  }
  std::string Blob() {
    unsigned size = 0;
    void* blob = headerExport(h_, &size);
    std::string out(static_cast<const char*>(blob), size);
    std::free(blob);
    return out;
  }

 private:
  Header h_;
};

TEST(RpmHeaderTest, OldFileNamesAndPseudoPackages) {
  std::string blob = HeaderBuilder()
                         .String(RPMTAG_NAME, "old")
                         .String(RPMTAG_VERSION, "1.0")
                         .Strings(RPMTAG_OLDFILENAMES, {"/bin/old", "/etc/old.conf"})
                         .Blob();
  absl::StatusOr<RpmHeaderInfo> info = ParseRpmHeaderBlob(blob);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->package.version, "1.0");  // no release: no dash
  EXPECT_EQ(info->package.source_name, "");
  EXPECT_EQ(info->files, (std::vector<std::string>{"/bin/old", "/etc/old.conf"}));
  EXPECT_FALSE(info->pseudo);

  blob = HeaderBuilder()
             .String(RPMTAG_NAME, "gpg-pubkey")
             .String(RPMTAG_VERSION, "ca122710")
             .String(RPMTAG_RELEASE, "6b0ae01b")
             .Blob();
  info = ParseRpmHeaderBlob(blob);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->pseudo);
}

TEST(RpmHeaderTest, BrokenHeadersAreErrors) {
  EXPECT_EQ(ParseRpmHeaderBlob("").status().message(), "invalid rpm header");
  EXPECT_EQ(ParseRpmHeaderBlob(std::string(64, '\xff')).status().message(), "invalid rpm header");
  EXPECT_EQ(
      ParseRpmHeaderBlob(HeaderBuilder().String(RPMTAG_VERSION, "1").Blob()).status().message(),
      "header without NAME");
  EXPECT_EQ(ParseRpmHeaderBlob(HeaderBuilder().String(RPMTAG_NAME, "x").Blob()).status().message(),
            "header without VERSION");
  std::string bad_index = HeaderBuilder()
                              .String(RPMTAG_NAME, "x")
                              .String(RPMTAG_VERSION, "1")
                              .Strings(RPMTAG_BASENAMES, {"a", "b"})
                              .Strings(RPMTAG_DIRNAMES, {"/usr/"})
                              .Numbers(RPMTAG_DIRINDEXES, {0, 7})
                              .Blob();
  EXPECT_EQ(ParseRpmHeaderBlob(bad_index).status().message(), "DIRINDEXES out of range");
  std::string short_index = HeaderBuilder()
                                .String(RPMTAG_NAME, "x")
                                .String(RPMTAG_VERSION, "1")
                                .Strings(RPMTAG_BASENAMES, {"a", "b"})
                                .Strings(RPMTAG_DIRNAMES, {"/usr/"})
                                .Numbers(RPMTAG_DIRINDEXES, {0})
                                .Blob();
  EXPECT_EQ(ParseRpmHeaderBlob(short_index).status().message(),
            "BASENAMES and DIRINDEXES differ in length");
}

// An SQLite database file built in memory by `sql`.
std::string SqliteFile(const std::string& sql, const std::string& blob = "") {
  sqlite3* db = nullptr;
  sqlite3_open(":memory:", &db);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  if (!blob.empty()) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO Packages(blob) VALUES (?)", -1, &stmt, nullptr);
    sqlite3_bind_blob(stmt, 1, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
    EXPECT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
  }
  sqlite3_int64 size = 0;
  unsigned char* bytes = sqlite3_serialize(db, "main", &size, 0);
  std::string out(reinterpret_cast<char*>(bytes), static_cast<size_t>(size));
  sqlite3_free(bytes);
  sqlite3_close(db);
  return out;
}

constexpr char kPackagesTable[] =
    "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);";

TEST(RpmSqliteTest, ErrorsAndBadRows) {
  RpmCataloger cataloger;
  absl::Status status;
  RunCataloger(cataloger, "/var/lib/rpm/rpmdb.sqlite", "not sqlite at all", &status);
  EXPECT_EQ(status.message(), "not an SQLite database");
  RunCataloger(cataloger, "/var/lib/rpm/rpmdb.sqlite", SqliteFile("CREATE TABLE Other (x);"),
               &status);
  EXPECT_EQ(status.message(), "no rpm Packages table: no such table: main.Packages");
  // A view would run the file's own SQL; views are disabled.
  RunCataloger(cataloger, "/var/lib/rpm/rpmdb.sqlite",
               SqliteFile("CREATE VIEW Packages AS SELECT 1 AS hnum, x'00' AS blob;"), &status);
  EXPECT_FALSE(status.ok());

  std::string good = HeaderBuilder()
                         .String(RPMTAG_NAME, "good")
                         .String(RPMTAG_VERSION, "1")
                         .String(RPMTAG_RELEASE, "2")
                         .Blob();
  std::string file = SqliteFile(
      std::string(kPackagesTable) + "INSERT INTO Packages(blob) VALUES (x'0102030405');", good);
  FileFacts facts = RunCataloger(cataloger, "/var/lib/rpm/rpmdb.sqlite", file);
  ASSERT_EQ(facts.packages.size(), 1u);
  EXPECT_EQ(facts.packages[0].version, "1-2");
  EXPECT_EQ(facts.warnings,
            (std::vector<std::string>{"/var/lib/rpm/rpmdb.sqlite: header 1: invalid rpm header"}));
}

TEST(RpmBdbTest, ErrorsOnFilesOfAnotherKind) {
  WarningList warnings("/var/lib/rpm/Packages");
  auto ignore = [](absl::string_view) {};
  EXPECT_EQ(ReadRpmBdb("short", ignore, warnings).message(), "not a Berkeley DB file (too short)");
  EXPECT_EQ(ReadRpmBdb(std::string(4096, 'x'), ignore, warnings).message(),
            "not a Berkeley DB hash database");
  std::string meta = Fixture("Packages");
  meta[20] = 0x07;  // page size 0x207
  EXPECT_EQ(ReadRpmBdb(meta, ignore, warnings).message(), "invalid page size 519");
}

TEST(RpmBdbTest, LoopingOverflowChainEndsWithAWarning) {
  // librpm's own bdb_ro reader spins forever on this: a zero-length overflow page whose next
  // page is itself (see docs/design/os-packages.md).
  std::string data = Fixture("Packages");
  const size_t page_size = 512;
  size_t looped = 0;
  for (size_t page = 1; page * page_size < data.size(); ++page) {
    if (static_cast<uint8_t>(data[page * page_size + 25]) == 7) {
      looped = page;
      break;
    }
  }
  ASSERT_GT(looped, 0u);
  char* p = data.data() + looped * page_size;
  p[22] = p[23] = 0;                                             // bytes used on the page
  p[16] = static_cast<char>(looped), p[17] = p[18] = p[19] = 0;  // next page: itself
  RpmCataloger cataloger;
  FileFacts facts = RunCataloger(cataloger, "/var/lib/rpm/Packages", data);
  EXPECT_EQ(facts.packages.size() + 1, 3u);
  ASSERT_EQ(facts.warnings.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(facts.warnings[0], "/var/lib/rpm/Packages: page "));
  EXPECT_TRUE(absl::EndsWith(facts.warnings[0], absl::StrCat(": bad overflow page ", looped)))
      << facts.warnings[0];
}

TEST(RpmNdbTest, ErrorsAndChecksums) {
  RpmCataloger cataloger;
  absl::Status status;
  RunCataloger(cataloger, "/var/lib/rpm/Packages.db", "RpmX0000000000000000000000000000000000",
               &status);
  EXPECT_EQ(status.message(), "not an ndb Packages.db (no RpmP magic)");
  std::string data = Fixture("Packages.db");
  std::string pages = data;
  pages[12] = 9;
  RunCataloger(cataloger, "/var/lib/rpm/Packages.db", pages, &status);
  EXPECT_EQ(status.message(), "slot pages (9) beyond the file");
  std::string flipped = data;
  flipped[4096 + 100] ^= 1;  // inside the first blob
  FileFacts facts = RunCataloger(cataloger, "/var/lib/rpm/Packages.db", flipped);
  EXPECT_EQ(facts.packages.size(), 2u);
  EXPECT_EQ(
      facts.warnings,
      (std::vector<std::string>{"/var/lib/rpm/Packages.db: package 1: blob checksum mismatch"}));
}

TEST(RpmCatalogerTest, ParsesConcurrently) {
  // Catalogers run on several layers at once; librpm's header code must not share state.
  const std::string files[] = {Fixture("rpmdb.sqlite"), Fixture("Packages"),
                               Fixture("Packages.db")};
  const char* paths[] = {"/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages",
                         "/var/lib/rpm/Packages.db"};
  RpmCataloger cataloger;
  std::vector<std::thread> threads;
  std::vector<size_t> counts(6);
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        image::FileRecord record;
        record.path = paths[t % 3];
        FileInput input{0, record, files[t % 3], 1 << 20};
        FileFacts facts;
        if (cataloger.Parse(input, &facts).ok()) counts[t] += facts.packages.size();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t count : counts) EXPECT_EQ(count, 60u);
}

TEST(RpmCatalogerTest, MutatedDatabasesNeverCrash) {
  RpmCataloger cataloger;
  std::mt19937 random(20240611);
  for (const char* name : {"rpmdb.sqlite", "Packages", "Packages.db"}) {
    std::string original = Fixture(name);
    std::string path = absl::StrCat("/var/lib/rpm/", name);
    for (int round = 0; round < 150; ++round) {
      std::string data = original;
      int flips = 1 + static_cast<int>(random() % 16);
      for (int i = 0; i < flips; ++i) data[random() % data.size()] = static_cast<char>(random());
      if (round % 5 == 0) data.resize(random() % data.size());
      absl::Status status;
      FileFacts facts = RunCataloger(cataloger, path, data, &status);
      EXPECT_LE(facts.packages.size(), 3u);
    }
  }
}

}  // namespace
}  // namespace moat::inventory
