#include "http/static_files.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::http {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

void Write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string Header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir("static_files");
    Write(dir_ / "index.html", "<!doctype html><div id=app></div>");
    Write(dir_ / "assets/index-1a2b.js", "console.log(1)");
    Write(dir_ / "assets/index-3c4d.css", "body{}");
    Write(dir_ / "favicon.svg", "<svg/>");
  }
  fs::path dir_;
};

TEST_F(StaticFilesTest, ServesExactFilesWithTheirTypesAndImmutableAssets) {
  auto files = StaticFiles::Load(dir_.string());
  ASSERT_TRUE(files.ok()) << files.status();
  EXPECT_EQ(files->file_count(), 4u);
  Response js = files->Serve("/assets/index-1a2b.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(Header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(files->Serve("/assets/index-3c4d.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(files->Serve("/favicon.svg").content_type, "image/svg+xml");
}

TEST_F(StaticFilesTest, ConsoleRoutesGetIndexHtmlThatAlwaysRevalidates) {
  auto files = StaticFiles::Load(dir_.string());
  ASSERT_TRUE(files.ok()) << files.status();
  for (const char* path : {"/", "/images", "/images/sha256:abc", "/settings?x=1"}) {
    Response page = files->Serve(path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.content_type, "text/html; charset=utf-8") << path;
    EXPECT_THAT(page.body, HasSubstr("id=app")) << path;
    EXPECT_EQ(Header(page, "Cache-Control"), "no-cache") << path;
    EXPECT_THAT(Header(page, "Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(Header(page, "X-Content-Type-Options"), "nosniff");
  }
}

TEST_F(StaticFilesTest, UnknownApiPathsAndMissingAssetsAre404NotThePage) {
  auto files = StaticFiles::Load(dir_.string());
  ASSERT_TRUE(files.ok()) << files.status();
  Response api = files->Serve("/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_THAT(api.body, HasSubstr("no such resource: /api/v1/nothing"));
  EXPECT_EQ(files->Serve("/harbor/api/v2/x").status, 404);
  Response asset = files->Serve("/assets/index-old.js");
  EXPECT_EQ(asset.status, 404);
  EXPECT_THAT(asset.body, HasSubstr("no such file: /assets/index-old.js"));
}

TEST_F(StaticFilesTest, NothingOutsideTheDirectoryIsReachable) {
  Write(dir_.parent_path() / "secret.txt", "top secret");
  fs::create_symlink(dir_.parent_path() / "secret.txt", dir_ / "linked.txt");
  auto files = StaticFiles::Load(dir_.string());
  ASSERT_TRUE(files.ok()) << files.status();
  for (const char* path : {"/../secret.txt", "/assets/../../secret.txt", "/linked.txt"}) {
    Response response = files->Serve(path);
    EXPECT_THAT(response.body, ::testing::Not(HasSubstr("top secret"))) << path;
  }
}

TEST_F(StaticFilesTest, LoadErrorsNameTheDirectoryAndTheReason) {
  auto missing = StaticFiles::Load((dir_ / "nope").string());
  EXPECT_THAT(missing.status().message(), HasSubstr("/nope: not a directory"));
  fs::remove(dir_ / "index.html");
  auto no_index = StaticFiles::Load(dir_.string());
  EXPECT_THAT(no_index.status().message(), HasSubstr("no index.html"));
  Write(dir_ / "index.html", "x");
  StaticLimits limits;
  limits.max_files = 2;
  auto too_many = StaticFiles::Load(dir_.string(), limits);
  EXPECT_THAT(too_many.status().message(), HasSubstr("more than 2 files"));
}

TEST(ContentTypeForPathTest, KnowsWebTypesAndFallsBackToOctetStream) {
  EXPECT_EQ(ContentTypeForPath("/a/b.JSON"), "application/json");
  EXPECT_EQ(ContentTypeForPath("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeForPath("/noext"), "application/octet-stream");
  EXPECT_EQ(ContentTypeForPath("/dir.v2/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace moat::http
