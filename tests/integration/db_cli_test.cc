// End to end: `moat db` build, info, keygen, export and import with the moat binary, on the
// project's own feed fixtures (tests/fixtures/vulndb/feeds); exit codes and error text.
#include <archive.h>
#include <archive_entry.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "testing/subprocess.h"
#include "testing/test_http_server.h"

namespace moat {
namespace {

using ::moat::testing::CommandResult;
using ::moat::testing::RunCommand;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

CommandResult Moat(std::vector<std::string> args) {
  args.insert(args.begin(), moat::testing::MoatBinary());
  return RunCommand(args);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Rewrites a bundle as a plain tar with one byte of the database flipped.
void TamperDatabase(const std::string& in, const std::string& out) {
  archive* reader = archive_read_new();
  archive_read_support_filter_all(reader);
  archive_read_support_format_tar(reader);
  ASSERT_EQ(archive_read_open_filename(reader, in.c_str(), 1 << 16), ARCHIVE_OK);
  archive* writer = archive_write_new();
  archive_write_set_format_pax_restricted(writer);
  ASSERT_EQ(archive_write_open_filename(writer, out.c_str()), ARCHIVE_OK);
  archive_entry* entry = nullptr;
  while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
    std::string data(static_cast<size_t>(archive_entry_size(entry)), '\0');
    archive_read_data(reader, data.data(), data.size());
    if (std::string(archive_entry_pathname(entry)) == "moat.db") data[data.size() / 2] ^= 0x20;
    archive_write_header(writer, entry);
    archive_write_data(writer, data.data(), data.size());
  }
  archive_read_free(reader);
  archive_write_close(writer);
  archive_write_free(writer);
}

class DbCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    CommandResult build = Moat({"db", "build", "--from", feeds_, "--db", db_});
    ASSERT_EQ(build.exit_code, 0) << build.err;
    build_out_ = build.out;
  }

  std::string dir_ = moat::testing::MakeTempDir("db-cli");
  std::string feeds_ = moat::testing::FixturePath("vulndb/feeds");
  std::string db_ = dir_ + "/db/moat.db";
  std::string build_out_;
};

TEST_F(DbCliTest, BuildReportsSourcesMalformedRecordsAndTime) {
  EXPECT_THAT(build_out_, MatchesRegex("(.|\n)*ghsa +1 +1 +0 +0  2024-03-01T10:00:00Z\n(.|\n)*"));
  EXPECT_THAT(build_out_, HasSubstr("go-vulndb"));
  EXPECT_THAT(build_out_, HasSubstr("1 malformed records skipped; the first 1:\n  "));
  EXPECT_THAT(build_out_, HasSubstr("GO-2099-0002.json"));
  EXPECT_THAT(build_out_, MatchesRegex("(.|\n)*\nWrote " + db_ +
                                       ": 2 advisories, 2 affected entries, [0-9.]+ KiB in "
                                       "[0-9.]+ s \\(import [0-9.]+ s, write [0-9.]+ s\\)\n"));
}

TEST_F(DbCliTest, InfoShowsSchemaSourcesAndSize) {
  CommandResult info = Moat({"db", "info", "--db", db_});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_THAT(info.out, HasSubstr("Database:   " + db_ + " ("));
  EXPECT_THAT(info.out, HasSubstr("Schema:     1\n"));
  EXPECT_THAT(info.out, HasSubstr("Advisories: 2 (2 affected entries)\n"));
  EXPECT_THAT(info.out, HasSubstr("ghsa "));

  CommandResult json = Moat({"db", "info", "--db", db_, "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto parsed = ParseJson(json.out, "info");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(JsonInt(*parsed, "schemaVersion"), 1);
  EXPECT_EQ(JsonInt(*parsed, "advisories"), 2);
  EXPECT_EQ(JsonInt(*parsed, "sizeBytes"), static_cast<int64_t>(std::filesystem::file_size(db_)));
}

TEST_F(DbCliTest, DatabasePathComesFromTheEnvironment) {
  CommandResult info =
      RunCommand({"/usr/bin/env", "MOAT_DB=" + db_, moat::testing::MoatBinary(), "db", "info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_THAT(info.out, HasSubstr("Database:   " + db_));
}

TEST_F(DbCliTest, ExportImportRoundTripAndTamperedOrForeignBundlesAreRefused) {
  std::string key = dir_ + "/keys/bundle.pem";
  std::string pub = dir_ + "/keys/bundle.pub";
  CommandResult keygen = Moat({"db", "keygen", "--private", key, "--public", pub});
  ASSERT_EQ(keygen.exit_code, 0) << keygen.err;
  EXPECT_THAT(keygen.out, MatchesRegex("Wrote .* key sha256:[0-9a-f]{64}\n"));

  std::string bundle = dir_ + "/out/bundle.moatdb";
  CommandResult exported = Moat({"db", "export", "--key", key, "--output", bundle, "--db", db_});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;

  std::string site = dir_ + "/site/moat.db";
  CommandResult imported = Moat({"db", "import", "--key", pub, bundle, "--db", site});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("Installed " + site + " from " + bundle));
  EXPECT_EQ(ReadBytes(site), ReadBytes(db_));

  std::string tampered = dir_ + "/out/tampered.moatdb";
  TamperDatabase(bundle, tampered);
  std::string before = ReadBytes(site);
  CommandResult refused = Moat({"db", "import", "--key", pub, tampered, "--db", site});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err,
              MatchesRegex("moat: error: importing " + tampered +
                           ": bundle refused: moat.db has SHA-256 [0-9a-f]{64}, but the signed "
                           "manifest says [0-9a-f]{64}\n"));
  EXPECT_EQ(ReadBytes(site), before);

  std::string other_key = dir_ + "/keys/other.pem";
  std::string other_pub = dir_ + "/keys/other.pub";
  ASSERT_EQ(Moat({"db", "keygen", "--private", other_key, "--public", other_pub}).exit_code, 0);
  CommandResult foreign = Moat({"db", "import", "--key", other_pub, bundle, "--db", site});
  EXPECT_EQ(foreign.exit_code, 3);
  EXPECT_THAT(foreign.err, HasSubstr("bundle refused: it was signed by key sha256:"));

  CommandResult private_as_public = Moat({"db", "import", "--key", key, bundle, "--db", site});
  EXPECT_EQ(private_as_public.exit_code, 3);
  EXPECT_THAT(private_as_public.err, HasSubstr("not a PEM public key"));
}

TEST_F(DbCliTest, UsageErrorsExitTwoAndRuntimeErrorsThree) {
  EXPECT_EQ(Moat({"db"}).exit_code, 2);
  EXPECT_EQ(Moat({"db", "import", "bundle"}).exit_code, 2);    // --key is required
  EXPECT_EQ(Moat({"db", "build", "--db", db_}).exit_code, 2);  // --from is required
  EXPECT_EQ(Moat({"db", "info", "--db", db_, "--format", "xml"}).exit_code, 2);

  CommandResult missing = Moat({"db", "info", "--db", dir_ + "/none.db"});
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.err, "moat: error: " + dir_ +
                             "/none.db: no vulnerability database (run `moat db update` or "
                             "`moat db build`)\n");
  CommandResult no_feeds = Moat({"db", "build", "--from", dir_ + "/nope", "--db", db_});
  EXPECT_EQ(no_feeds.exit_code, 3);
  EXPECT_THAT(no_feeds.err, HasSubstr("moat: error: reading feeds: "));
}

// `moat db update` against a local server: the first mirror 404s, the second serves the feed;
// then a download cut short fails with exit 3 and leaves the installed database alone.
TEST(DbCliUpdateTest, MirrorFallbackAndBrokenDownload) {
  moat::testing::TestHttpServer server;
  ASSERT_TRUE(server.ok());
  std::string feed =
      ReadBytes(moat::testing::FixturePath("vulndb/feeds/ghsa/GHSA-moat-test-0001.json"));
  server.Route("GET", "/mirror2/GHSA-moat-test-0001.json",
               [&](const moat::testing::TestHttpRequest&) {
                 return moat::testing::TestHttpServer::Text(200, feed);
               });
  server.Route("GET", "/cut/GHSA-moat-test-0001.json", [&](const moat::testing::TestHttpRequest&) {
    moat::testing::TestHttpResponse response;
    response.headers.emplace_back("Content-Length", std::to_string(feed.size()));
    response.stream = [&](const moat::testing::TestBodyWriter& write) {
      write(absl::string_view(feed).substr(0, feed.size() / 2));
    };
    return response;
  });
  std::string dir = moat::testing::MakeTempDir("db-update");
  std::string db = dir + "/db/moat.db";
  std::string config = dir + "/sources.json";
  std::ofstream(config)
      << R"({"feeds": [{"name": "ghsa", "format": "osv", "archive": "file", "urls": [")"
      << server.url() << "/mirror1/GHSA-moat-test-0001.json\", \"" << server.url()
      << "/mirror2/GHSA-moat-test-0001.json\"]}]}";
  CommandResult update = Moat({"db", "update", "--sources", config, "--db", db});
  ASSERT_EQ(update.exit_code, 0) << update.err;
  EXPECT_THAT(update.err, HasSubstr("/mirror1/GHSA-moat-test-0001.json: HTTP 404"));
  EXPECT_THAT(update.out, HasSubstr("Wrote " + db + ": 1 advisories"));
  CommandResult info = Moat({"db", "info", "--db", db});
  EXPECT_THAT(info.out, HasSubstr(server.url() + "/mirror2/GHSA-moat-test-0001.json"));

  std::string before = ReadBytes(db);
  std::ofstream(config) << R"({"feeds": [{"name": "ghsa", "urls": [")" << server.url()
                        << "/cut/GHSA-moat-test-0001.json\"]}]}";
  CommandResult broken = Moat({"db", "update", "--sources", config, "--db", db, "-q"});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_THAT(broken.err, HasSubstr("moat: error: updating " + db +
                                    ": downloading feed ghsa: every URL failed: "));
  EXPECT_EQ(ReadBytes(db), before);
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/db")) {
    left.push_back(e.path().filename());
  }
  EXPECT_THAT(left, ::testing::ElementsAre("moat.db"));
}

TEST(DbCliUpdateTest, PrintSourcesShowsTheUpstreamDefaults) {
  CommandResult r = RunCommand({moat::testing::MoatBinary(), "db", "update", "--print-sources"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip"));
  EXPECT_THAT(r.out, HasSubstr("https://security-tracker.debian.org/tracker/data/json"));
  EXPECT_THAT(r.out, HasSubstr("https://secdb.alpinelinux.org/v3.20/main.json"));
}

std::string OsvNpm(absl::string_view id, absl::string_view modified, absl::string_view package,
                   absl::string_view events, absl::string_view details = "") {
  return absl::StrCat(R"({"id": ")", id, R"(", "modified": ")", modified, R"(", "summary": ")", id,
                      R"( summary", "details": ")", details,
                      R"(", "affected": [{"package": {"ecosystem": "npm", "name": ")", package,
                      R"("}, "ranges": [{"type": "SEMVER", "events": [)", events, "]}]}]}");
}

std::string CycloneDxNpm(const std::vector<std::pair<std::string, std::string>>& packages) {
  std::string components;
  for (const auto& [name, version] : packages) {
    absl::StrAppend(&components, components.empty() ? "" : ", ", R"({"type": "library", "name": ")",
                    name, R"(", "version": ")", version, R"(", "purl": "pkg:npm/)", name, "@",
                    version, R"("})");
  }
  return absl::StrCat(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,)",
                      R"( "components": [)", components, "]}");
}

// Hostile feed files next to good ones: each bad record is one error naming its file and
// reason, the build succeeds, and the database it wrote matches the good records.
TEST(DbCliHostileFeedsTest, PerRecordErrorsAndAUsableDatabase) {
  std::string dir = moat::testing::MakeTempDir("db-hostile");
  std::string feeds = dir + "/feeds";
  std::filesystem::create_directories(feeds + "/ghsa");
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(feeds + "/ghsa/" + name, std::ios::binary) << text;
  };
  const std::string good = OsvNpm("GHSA-good-good-good", "2024-01-01T00:00:00Z", "left-pad",
                                  R"({"introduced": "0"}, {"fixed": "1.3.0"})");
  write("GHSA-good-good-good.json", good);
  write("GHSA-trun-cate-d000.json", good.substr(0, good.size() / 2));
  // A 100 MB string: the record is kept with its details cut.
  write("GHSA-huge-stri-ng00.json",
        OsvNpm("GHSA-huge-stri-ng00", "2024-01-01T00:00:00Z", "huge-details",
               R"({"introduced": "0"}, {"fixed": "2.0.0"})", std::string(100u << 20, 'x')));
  write("GHSA-wron-gtyp-es00.json",
        R"({"id": "GHSA-wron-gtyp-es00", "affected": [{"package": {"ecosystem": "npm", )"
        R"("name": "wrong-types"}, "ranges": [{"type": "SEMVER", "events": {"fixed": 1}}]}]})");
  write("GHSA-wron-gtyp-es01.json", R"({"id": ["GHSA-wron-gtyp-es01"], "affected": 7})");
  // Two revisions of one id: the newer one wins whole.
  write("GHSA-dupl-icat-e000.json", OsvNpm("GHSA-dupl-icat-e000", "2024-01-01T00:00:00Z", "dup-pkg",
                                           R"({"introduced": "0"}, {"fixed": "1.0.0"})"));
  write("GHSA-dupl-icat-e000-v2.json",
        OsvNpm("GHSA-dupl-icat-e000", "2024-06-01T00:00:00Z", "dup-pkg",
               R"({"introduced": "0"}, {"fixed": "3.0.0"})"));
  // A range that never closes: every version from 1.0.0 on is affected, and none has a fix.
  write("GHSA-neve-rclo-ses0.json", OsvNpm("GHSA-neve-rclo-ses0", "2024-01-01T00:00:00Z",
                                           "never-closes", R"({"introduced": "1.0.0"})"));

  std::string db = dir + "/moat.db";
  CommandResult build = Moat({"db", "build", "--from", feeds, "--db", db});
  ASSERT_EQ(build.exit_code, 0) << build.err;
  EXPECT_THAT(build.out, HasSubstr("3 malformed records skipped; the first 3:\n"));
  const std::string at = "  " + feeds + "/ghsa/";
  EXPECT_THAT(build.out, HasSubstr(at + "GHSA-trun-cate-d000.json: invalid JSON at byte "));
  EXPECT_THAT(build.out, HasSubstr(at + "GHSA-wron-gtyp-es00.json: GHSA-wron-gtyp-es00: "
                                        "affected[0].ranges[0]: events is not an array\n"));
  EXPECT_THAT(build.out,
              HasSubstr(at + "GHSA-wron-gtyp-es01.json: OSV record has an invalid id\n"));
  EXPECT_THAT(build.out, HasSubstr("Wrote " + db + ": 4 advisories, 4 affected entries"));

  std::string sbom = dir + "/bom.json";
  std::ofstream(sbom) << CycloneDxNpm({{"left-pad", "1.2.0"},
                                       {"huge-details", "1.0.0"},
                                       {"dup-pkg", "2.0.0"},
                                       {"never-closes", "1.5.0"},
                                       {"wrong-types", "0.1.0"}});
  CommandResult scan = Moat({"scan", "-q", "-f", "json", "--db", db, "--sbom", sbom});
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  auto report = ParseJson(scan.out, "scan");
  ASSERT_TRUE(report.ok()) << report.status();
  std::map<std::string, std::pair<std::string, std::string>> found;  // package → (id, fix)
  for (const Json& v : (*report)["vulnerabilities"]) {
    std::vector<std::string> fixed = JsonStringArray(v, "fixedVersions");
    found[JsonString(v, "package")] = {JsonString(v, "id") + " " + JsonString(v, "state"),
                                       fixed.empty() ? "-" : fixed.front()};
  }
  using Found = std::pair<std::string, std::string>;
  EXPECT_THAT(found,
              ::testing::UnorderedElementsAre(
                  ::testing::Pair("left-pad", Found{"GHSA-good-good-good fixed", "1.3.0"}),
                  ::testing::Pair("huge-details", Found{"GHSA-huge-stri-ng00 fixed", "2.0.0"}),
                  ::testing::Pair("dup-pkg", Found{"GHSA-dupl-icat-e000 fixed", "3.0.0"}),
                  ::testing::Pair("never-closes", Found{"GHSA-neve-rclo-ses0 unfixed", "-"})));
}

}  // namespace
}  // namespace moat
