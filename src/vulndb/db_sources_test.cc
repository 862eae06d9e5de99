#include "vulndb/db_sources.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::vulndb {
namespace {

using ::testing::HasSubstr;

TEST(FeedSourcesTest, DefaultsNameTheRealUpstreamsAndRoundTrip) {
  std::vector<FeedSource> defaults = DefaultFeedSources();
  auto find = [&](const std::string& name) -> const FeedSource* {
    for (const FeedSource& f : defaults) {
      if (f.name == name) return &f;
    }
    return nullptr;
  };
  ASSERT_NE(find("osv-go"), nullptr);
  EXPECT_EQ(find("osv-go")->urls[0],
            "https://osv-vulnerabilities.storage.googleapis.com/Go/all.zip");
  EXPECT_EQ(find("osv-go")->archive, FeedArchive::kZip);
  ASSERT_NE(find("debian"), nullptr);
  EXPECT_EQ(find("debian")->urls[0], "https://security-tracker.debian.org/tracker/data/json");
  ASSERT_NE(find("alpine-v3.20-main"), nullptr);
  EXPECT_EQ(find("alpine-v3.20-main")->urls[0], "https://secdb.alpinelinux.org/v3.20/main.json");
  ASSERT_NE(find("wolfi"), nullptr);
  ASSERT_NE(find("chainguard"), nullptr);
  ASSERT_NE(find("ubuntu"), nullptr);
  ASSERT_NE(find("redhat"), nullptr);
  EXPECT_TRUE(find("redhat")->indirect);
  ASSERT_NE(find("ghsa"), nullptr);
  EXPECT_FALSE(find("ghsa")->enabled);

  auto parsed = ParseFeedSources(FeedSourcesJson(defaults), "defaults");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), defaults.size());
  for (size_t i = 0; i < defaults.size(); ++i) {
    EXPECT_EQ((*parsed)[i].name, defaults[i].name);
    EXPECT_EQ((*parsed)[i].urls, defaults[i].urls);
    EXPECT_EQ((*parsed)[i].archive, defaults[i].archive);
    EXPECT_EQ((*parsed)[i].indirect, defaults[i].indirect);
    EXPECT_EQ((*parsed)[i].enabled, defaults[i].enabled);
    EXPECT_EQ((*parsed)[i].max_bytes, defaults[i].max_bytes);
    EXPECT_EQ((*parsed)[i].file_name, defaults[i].file_name);
  }
}

TEST(FeedSourcesTest, MinimalFeedGetsDefaults) {
  auto parsed = ParseFeedSources(
      R"({"feeds": [{"name": "wolfi", "urls": ["https://a/security.json", "http://mirror/s.json"]}]})",
      "sources.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 1u);
  EXPECT_EQ((*parsed)[0].archive, FeedArchive::kFile);
  EXPECT_TRUE((*parsed)[0].enabled);
  EXPECT_EQ((*parsed)[0].urls.size(), 2u);
}

TEST(FeedSourcesTest, ErrorsNameTheFeedAndField) {
  struct Case {
    const char* json;
    const char* error;
  };
  const Case cases[] = {
      {R"({})", "sources.json: \"feeds\" must be a list"},
      {R"({"feeds": [1]})", "sources.json: feeds[0]: not an object"},
      {R"({"feeds": [{"name": "../x", "urls": ["https://a"]}]})",
       "sources.json: feeds[0]: name \"../x\" must be 1-64 of a-z, 0-9, '.', '_', '-'"},
      {R"({"feeds": [{"name": "a", "urls": []}]})", "sources.json: feeds[0] (a): no urls"},
      {R"({"feeds": [{"name": "a", "urls": ["ftp://x"]}]})",
       "sources.json: feeds[0] (a): \"ftp://x\" is not an http(s) URL"},
      {R"({"feeds": [{"name": "a", "archive": "rar", "urls": ["https://x"]}]})",
       "sources.json: feeds[0] (a): archive \"rar\" is not zip, tar, tar.gz, tar.xz, tar.zst or "
       "file"},
      {R"({"feeds": [{"name": "a", "urls": ["https://x"]}, {"name": "a", "urls": ["https://y"]}]})",
       "sources.json: feeds[1]: duplicate name a"},
      {R"({"feeds": [{"name": "a", "fileName": "../../etc/passwd", "urls": ["https://x"]}]})",
       "sources.json: feeds[0] (a): fileName must be a plain file name"},
      {R"({"feeds": [{"name": "a", "maxBytes": 0, "urls": ["https://x"]}]})",
       "sources.json: feeds[0] (a): size limits must be positive"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseFeedSources(c.json, "sources.json");
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_EQ(parsed.status().message(), c.error);
  }
  EXPECT_THAT(std::string(ParseFeedSources("{", "s.json").status().message()),
              HasSubstr("s.json: invalid JSON"));
}

}  // namespace
}  // namespace moat::vulndb
