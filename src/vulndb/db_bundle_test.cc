#include "vulndb/db_bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_replace.h"
#include "common/sha256.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"
#include "vulndb/archive_reader.h"

namespace moat::vulndb {
namespace {

using ::testing::HasSubstr;

struct Member {
  std::string name;
  std::string data;
  int type = AE_IFREG;
};

std::string ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteFileBytes(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

void WriteTar(const std::string& path, const std::vector<Member>& members) {
  archive* a = archive_write_new();
  archive_write_set_format_pax_restricted(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK);
  for (const Member& m : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, m.type);
    archive_entry_set_perm(e, 0644);
    if (m.type == AE_IFLNK) archive_entry_set_symlink(e, "/etc/passwd");
    archive_entry_set_size(e, m.type == AE_IFREG ? m.data.size() : 0);
    archive_write_header(a, e);
    if (m.type == AE_IFREG) archive_write_data(a, m.data.data(), m.data.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

std::vector<Member> ReadTar(const std::string& path) {
  platform::PosixFileSystem fs;
  auto stream = fs.OpenRead(path, true);
  auto reader = ArchiveReader::Open(stream->get(), ArchiveFormat::kTar, path);
  std::vector<Member> out;
  while (true) {
    auto entry = (*reader)->Next();
    if (!entry.ok() || *entry == nullptr) break;
    Member m{archive_entry_pathname(*entry), ""};
    char buffer[65536];
    while (true) {
      auto n = (*reader)->Read(buffer, sizeof buffer);
      if (!n.ok() || *n == 0) break;
      m.data.append(buffer, *n);
    }
    out.push_back(std::move(m));
  }
  return out;
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = NewDatabaseWriter(db_, {.built_at = "2026-11-28T12:00:00Z"});
    ASSERT_TRUE(writer.ok());
    Advisory a;
    a.id = "GHSA-1";
    a.source = "ghsa";
    AffectedPackage p;
    p.ecosystem = "npm";
    p.package = "lodash";
    a.affected = {p};
    (*writer)->Add(a);
    ASSERT_TRUE((*writer)->Finish({{"ghsa", 1, 1, 0, "2024-01-01T00:00:00Z"}}).ok());
    auto key = BundleKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = std::move(*key);
    auto public_key = BundleKey::FromPublicPem(*key_->PublicPem(), "public");
    ASSERT_TRUE(public_key.ok()) << public_key.status();
    public_ = std::move(*public_key);
    auto exported = ExportBundle(&fs_, db_, *key_, bundle_);
    ASSERT_TRUE(exported.ok()) << exported.status();
    // An installed database the failed imports must leave alone.
    std::filesystem::create_directories(dir_ + "/site");
    WriteFileBytes(target_, "the existing database");
  }

  absl::Status Import(const std::string& bundle) {
    return ImportBundle(&fs_, bundle, *public_, target_).status();
  }
  void ExpectRefused(const std::string& bundle, const std::string& message) {
    absl::Status status = Import(bundle);
    ASSERT_FALSE(status.ok());
    EXPECT_THAT(std::string(status.message()), HasSubstr(message));
    EXPECT_EQ(ReadFileBytes(target_), "the existing database");
    for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/site")) {
      EXPECT_EQ(entry.path().filename(), "moat.db") << "left behind: " << entry.path();
    }
  }
  std::string Repack(std::vector<Member> members) {
    std::string path = dir_ + "/repacked.moatdb";
    WriteTar(path, members);
    return path;
  }

  platform::PosixFileSystem fs_;
  std::string dir_ = moat::testing::MakeTempDir("bundle");
  std::string db_ = dir_ + "/build/moat.db";
  std::string bundle_ = dir_ + "/out/bundle.moatdb";
  std::string target_ = dir_ + "/site/moat.db";
  std::unique_ptr<BundleKey> key_;
  std::unique_ptr<BundleKey> public_;
};

TEST_F(BundleTest, RoundTripInstallsTheSameDatabase) {
  std::vector<Member> members = ReadTar(bundle_);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].name, "manifest.json");
  EXPECT_EQ(members[1].name, "manifest.sig");
  EXPECT_EQ(members[1].data.size(), 64u);
  EXPECT_EQ(members[2].name, "moat.db");
  auto manifest = ParseManifest(members[0].data);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->database_sha256, Sha256Hex(ReadFileBytes(db_)));
  EXPECT_EQ(manifest->key_id, key_->key_id());
  EXPECT_EQ(manifest->built_at, "2026-11-28T12:00:00Z");
  ASSERT_EQ(manifest->sources.size(), 1u);

  auto imported = ImportBundle(&fs_, bundle_, *public_, target_);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(ReadFileBytes(target_), ReadFileBytes(db_));
  auto db = OpenVulnDatabase(target_);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ((*db)->Lookup("npm", "", "lodash")->size(), 1u);
}

TEST_F(BundleTest, ImportCreatesTheTargetDirectory) {
  std::string target = dir_ + "/new/dir/moat.db";
  ASSERT_TRUE(ImportBundle(&fs_, bundle_, *public_, target).ok());
  EXPECT_TRUE(OpenVulnDatabase(target).ok());
}

TEST_F(BundleTest, AnotherKeyIsRefused) {
  auto other = BundleKey::Generate();
  absl::Status status = ImportBundle(&fs_, bundle_, **other, target_).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(),
            absl::StrCat("importing ", bundle_, ": bundle refused: it was signed by key ",
                         key_->key_id(), ", not by the given key ", (*other)->key_id()));
}

TEST_F(BundleTest, TamperedDatabaseIsRefused) {
  std::vector<Member> members = ReadTar(bundle_);
  members[2].data[members[2].data.size() - 10] ^= 1;
  ExpectRefused(Repack(members), "moat.db has SHA-256 ");
}

TEST_F(BundleTest, TamperedManifestIsRefused) {
  std::vector<Member> members = ReadTar(bundle_);
  members[0].data = absl::StrReplaceAll(members[0].data, {{"2026-11-28", "2027-11-28"}});
  ExpectRefused(Repack(members), "the signature does not verify with key");
}

TEST_F(BundleTest, ManifestSignedByAnotherKeyButNamingOursIsRefused) {
  std::vector<Member> members = ReadTar(bundle_);
  auto other = BundleKey::Generate();
  members[1].data = *(*other)->Sign(members[0].data);
  ExpectRefused(Repack(members), "the signature does not verify");
}

TEST_F(BundleTest, TruncatedBundleIsRefused) {
  std::string bytes = ReadFileBytes(bundle_);
  for (size_t cut : {size_t{0}, size_t{100}, bytes.size() / 2, bytes.size() - 30}) {
    std::string path = dir_ + "/truncated.moatdb";
    WriteFileBytes(path, bytes.substr(0, cut));
    absl::Status status = Import(path);
    EXPECT_FALSE(status.ok()) << cut;
    EXPECT_EQ(ReadFileBytes(target_), "the existing database");
  }
}

TEST_F(BundleTest, ExtraAndOddMembersAreRefusedAndNeverWritten) {
  std::vector<Member> members = ReadTar(bundle_);
  std::vector<Member> extra = members;
  extra.push_back({"../../escape", "x"});
  ExpectRefused(Repack(extra), "unexpected member \"../../escape\" after moat.db");

  std::vector<Member> traversal = members;
  traversal.insert(traversal.begin(), {"../evil.json", "{}"});
  ExpectRefused(Repack(traversal),
                "unexpected member \"../evil.json\" where manifest.json belongs");

  std::vector<Member> link = {members[0], members[1], {"moat.db", "", AE_IFLNK}};
  ExpectRefused(Repack(link), "moat.db is not a regular file");

  std::vector<Member> missing = {members[0], members[1]};
  ExpectRefused(Repack(missing), "it ends before moat.db");

  std::vector<Member> control = members;
  control[0].name = "manifest.json\n\x1b[31m";
  ExpectRefused(Repack(control), "unexpected member \"manifest.json\\n\\x1b[31m\"");

  EXPECT_FALSE(std::filesystem::exists(dir_ + "/../escape"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/escape"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/../evil.json"));
}

TEST_F(BundleTest, OtherSchemaVersionIsRefusedEvenWhenSigned) {
  std::vector<Member> members = ReadTar(bundle_);
  members[0].data =
      absl::StrReplaceAll(members[0].data, {{"\"schemaVersion\": 1", "\"schemaVersion\": 7"}});
  members[1].data = *key_->Sign(members[0].data);
  ExpectRefused(Repack(members), "it holds a database of schema version 7");
}

TEST_F(BundleTest, NotATarIsRefused) {
  std::string path = dir_ + "/junk.moatdb";
  WriteFileBytes(path, std::string(5000, 'j'));
  ExpectRefused(path, "importing " + path + ": ");
}

TEST(BundleKeyTest, PemRoundTripAndKeyId) {
  auto key = BundleKey::Generate();
  ASSERT_TRUE(key.ok());
  auto pem = (*key)->PrivatePem();
  ASSERT_TRUE(pem.ok());
  EXPECT_THAT(*pem, HasSubstr("-----BEGIN PRIVATE KEY-----"));
  auto again = BundleKey::FromPrivatePem(*pem, "k");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->key_id(), (*key)->key_id());
  EXPECT_THAT((*key)->key_id(), ::testing::MatchesRegex("sha256:[0-9a-f]{64}"));
  auto sig = (*again)->Sign("hello");
  ASSERT_TRUE(sig.ok());
  auto pub = BundleKey::FromPublicPem(*(*key)->PublicPem(), "p");
  ASSERT_TRUE(pub.ok());
  EXPECT_FALSE((*pub)->has_private());
  EXPECT_TRUE((*pub)->Verify("hello", *sig));
  EXPECT_FALSE((*pub)->Verify("hellO", *sig));
  EXPECT_FALSE((*pub)->Sign("x").ok());
}

TEST(BundleKeyTest, KeyFilesAreWrittenPrivatelyAndNeverOverwritten) {
  std::string dir = moat::testing::MakeTempDir("keys");
  auto id = WriteNewKeyPair(dir + "/k/bundle.pem", dir + "/k/bundle.pub");
  ASSERT_TRUE(id.ok()) << id.status();
  auto perms = std::filesystem::status(dir + "/k/bundle.pem").permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto pub = BundleKey::FromPublicPem(ReadFileBytes(dir + "/k/bundle.pub"), "pub");
  ASSERT_TRUE(pub.ok());
  EXPECT_EQ((*pub)->key_id(), *id);
  auto again = WriteNewKeyPair(dir + "/k/bundle.pem", dir + "/k/other.pub");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(),
            dir + "/k/bundle.pem exists; remove it first to replace the key");
}

TEST(BundleKeyTest, OtherKeyTypesAndGarbageAreRefused) {
  EVP_PKEY* ec = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  ASSERT_NE(ec, nullptr);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, ec);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  auto key = BundleKey::FromPublicPem(std::string(data, size), "ec.pub", kBundleKeyHint);
  BIO_free(bio);
  EVP_PKEY_free(ec);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "ec.pub: not an Ed25519 key (found EC); create one with `moat db keygen`");
  auto garbage = BundleKey::FromPrivatePem("not a key", "x.pem");
  ASSERT_FALSE(garbage.ok());
  EXPECT_THAT(std::string(garbage.status().message()),
              HasSubstr("x.pem: not an unencrypted PEM private key"));
}

}  // namespace
}  // namespace moat::vulndb
