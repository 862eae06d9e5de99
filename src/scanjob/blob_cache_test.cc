#include "scanjob/blob_cache.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "gtest/gtest.h"
#include "testing/fake_http_client.h"
#include "testing/paths.h"

namespace moat::scanjob {
namespace {

constexpr char kBase[] = "http://r.test/v2/team/app/blobs/";

class BlobCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto fake = std::make_unique<moat::testing::FakeHttpClient>();
    fake_ = fake.get();
    client_ = NewBlobCachingHttpClient(std::move(fake), dir_);
  }

  // GETs `url` and reads the whole body.
  std::string Get(const std::string& url, platform::HttpHeaders headers = {}) {
    platform::HttpRequest request;
    request.url = url;
    request.headers = std::move(headers);
    auto response = client_->Send(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (!response.ok()) return "";
    auto body = platform::ReadAll((*response)->body(), 1 << 20, "body");
    EXPECT_TRUE(body.ok()) << body.status();
    return body.ok() ? *body : "";
  }

  std::string dir_ = moat::testing::MakeTempDir("blob-cache");
  moat::testing::FakeHttpClient* fake_;
  std::unique_ptr<platform::HttpClient> client_;
};

TEST_F(BlobCacheTest, ABlobReadToTheEndIsServedFromDiskAfterwards) {
  std::string blob = "layer bytes";
  std::string hex = Sha256Hex(blob);
  std::string url = absl::StrCat(kBase, "sha256:", hex);
  fake_->Add("GET", url, 200, blob);
  EXPECT_EQ(Get(url), blob);
  EXPECT_EQ(Get(url), blob);
  EXPECT_EQ(fake_->CountRequests("GET", url), 1);
  EXPECT_TRUE(std::filesystem::exists(absl::StrCat(dir_, "/sha256/", hex)));
}

TEST_F(BlobCacheTest, BytesThatDoNotMatchTheDigestAreNotKept) {
  std::string hex = Sha256Hex("the real bytes");
  std::string url = absl::StrCat(kBase, "sha256:", hex);
  fake_->Add("GET", url, 200, "tampered bytes");
  EXPECT_EQ(Get(url), "tampered bytes");
  Get(url);
  EXPECT_EQ(fake_->CountRequests("GET", url), 2);
  EXPECT_FALSE(std::filesystem::exists(absl::StrCat(dir_, "/sha256/", hex)));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_),
                          std::filesystem::directory_iterator()),
            1);  // only sha256/: no temporary file left behind
}

TEST_F(BlobCacheTest, ABrokenTransferIsNotKept) {
  std::string blob = "complete";
  std::string hex = Sha256Hex(blob);
  std::string url = absl::StrCat(kBase, "sha256:", hex);
  moat::testing::FakeReply broken;
  broken.body = "comp";
  broken.body_error = absl::DataLossError("connection reset");
  fake_->Add("GET", url, broken);
  platform::HttpRequest request;
  request.url = url;
  auto response = client_->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_FALSE(platform::ReadAll((*response)->body(), 1 << 20, "body").ok());
  EXPECT_FALSE(std::filesystem::exists(absl::StrCat(dir_, "/sha256/", hex)));
}

TEST_F(BlobCacheTest, RangeRequestsManifestsAndErrorsPassThrough) {
  std::string blob = "ranged";
  std::string hex = Sha256Hex(blob);
  std::string url = absl::StrCat(kBase, "sha256:", hex);
  fake_->Add("GET", url, 206, "nged");
  EXPECT_EQ(Get(url, {{"Range", "bytes=2-"}}), "nged");
  EXPECT_FALSE(std::filesystem::exists(absl::StrCat(dir_, "/sha256/", hex)));
  std::string manifest = absl::StrCat("http://r.test/v2/team/app/manifests/sha256:", hex);
  fake_->Add("GET", manifest, 200, "ranged");
  Get(manifest);
  Get(manifest);
  EXPECT_EQ(fake_->CountRequests("GET", manifest), 2);
  std::string missing = absl::StrCat(kBase, "sha256:", Sha256Hex("absent"));
  fake_->Add("GET", missing, 404, "");
  platform::HttpRequest request;
  request.url = missing;
  auto response = client_->Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ((*response)->status_code(), 404);
}

// Marks a cache file as last used at `when`.
void SetUsed(const std::filesystem::path& path, absl::Time when) {
  timespec times[2] = {absl::ToTimespec(when), absl::ToTimespec(when)};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
}

// Writes a cache file of `size` bytes last used at `when`.
void PutFile(const std::filesystem::path& path, size_t size, absl::Time when) {
  std::ofstream(path, std::ios::binary) << std::string(size, 'x');
  SetUsed(path, when);
}

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

TEST_F(BlobCacheTest, TrimRemovesTheLeastRecentlyUsedBlobsUntilTheRestFit) {
  std::filesystem::path blobs = std::filesystem::path(dir_) / "sha256";
  PutFile(blobs / Sha256Hex("a"), 400, kNow - absl::Hours(30));
  PutFile(blobs / Sha256Hex("b"), 400, kNow - absl::Hours(20));
  PutFile(blobs / Sha256Hex("c"), 400, kNow - absl::Hours(10));
  BlobCacheTrim trim = TrimBlobCache(dir_, 900, kNow);
  EXPECT_EQ(trim.removed, 1);
  EXPECT_EQ(trim.freed_bytes, 400u);
  EXPECT_EQ(trim.kept_bytes, 800u);
  EXPECT_FALSE(std::filesystem::exists(blobs / Sha256Hex("a")));
  EXPECT_TRUE(std::filesystem::exists(blobs / Sha256Hex("b")));
  trim = TrimBlobCache(dir_, 100, kNow);
  EXPECT_EQ(trim.removed, 2);
  EXPECT_EQ(trim.kept_bytes, 0u);
}

TEST_F(BlobCacheTest, ABlobServedFromTheCacheCountsAsRecentlyUsed) {
  std::string blob = "base layer";
  std::string hex = Sha256Hex(blob);
  std::string url = absl::StrCat(kBase, "sha256:", hex);
  fake_->Add("GET", url, 200, blob);
  Get(url);  // cached now
  std::filesystem::path blobs = std::filesystem::path(dir_) / "sha256";
  absl::Time now = absl::Now();
  SetUsed(blobs / hex, now - absl::Hours(48));  // long unused...
  PutFile(blobs / Sha256Hex("newer"), 10, now - absl::Hours(1));
  EXPECT_EQ(Get(url), blob);  // ...until a scan reads it again
  EXPECT_EQ(fake_->CountRequests("GET", url), 1);
  TrimBlobCache(dir_, blob.size(), now);
  EXPECT_TRUE(std::filesystem::exists(blobs / hex));
  EXPECT_FALSE(std::filesystem::exists(blobs / Sha256Hex("newer")));
}

TEST_F(BlobCacheTest, TrimDeletesStoppedDownloadsAndNoLimitKeepsEveryBlob) {
  std::filesystem::path root(dir_);
  PutFile(root / ".partial-0123456789abcdef-stale1", 50, kNow - absl::Hours(2));
  PutFile(root / ".partial-0123456789abcdef-fresh1", 50, kNow - absl::Minutes(5));
  PutFile(root / "sha256" / Sha256Hex("kept"), 5000, kNow - absl::Hours(1000));
  BlobCacheTrim trim = TrimBlobCache(dir_, 0, kNow);
  EXPECT_EQ(trim.removed, 1);
  EXPECT_EQ(trim.kept_bytes, 5000u);
  EXPECT_FALSE(std::filesystem::exists(root / ".partial-0123456789abcdef-stale1"));
  EXPECT_TRUE(std::filesystem::exists(root / ".partial-0123456789abcdef-fresh1"));
  EXPECT_TRUE(std::filesystem::exists(root / "sha256" / Sha256Hex("kept")));
  EXPECT_EQ(TrimBlobCache((root / "missing").string(), 10, kNow).kept_bytes, 0u);
}

}  // namespace
}  // namespace moat::scanjob
