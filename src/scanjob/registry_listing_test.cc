#include "scanjob/registry_listing.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "platform/clock.h"
#include "scanjob/registry_connection.h"
#include "testing/fake_clock.h"
#include "testing/fake_http_client.h"

namespace moat::scanjob {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(NextLinkTest, FindsTheNextTarget) {
  EXPECT_EQ(NextLink(R"(</v2/_catalog?last=b&n=2>; rel="next")"), "/v2/_catalog?last=b&n=2");
  EXPECT_EQ(NextLink(R"(<https://x/prev>; rel="prev", <https://x/next>; rel="next")"),
            "https://x/next");
  EXPECT_EQ(NextLink(""), "");
  EXPECT_EQ(NextLink("garbage"), "");
}

TEST(ParseRegistryUrlTest, SchemeDecidesPlainHttp) {
  auto plain = ParseRegistryUrl("http://127.0.0.1:5000/");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->host, "127.0.0.1:5000");
  EXPECT_TRUE(plain->plain_http);
  auto tls = ParseRegistryUrl("https://r.example");
  ASSERT_TRUE(tls.ok());
  EXPECT_EQ(tls->host, "r.example");
  EXPECT_FALSE(tls->plain_http);
  EXPECT_FALSE(ParseRegistryUrl("https://r.example/path").ok());
  EXPECT_FALSE(ParseRegistryUrl("").ok());
}

class ListingTest : public ::testing::Test {
 protected:
  image::RegistryClient Client() {
    image::RegistryClientOptions options;
    options.plain_http = true;
    return image::RegistryClient("r.test", "team/app", options, &http_, &clock_);
  }
  moat::testing::FakeHttpClient http_;
  moat::testing::FakeClock clock_;
};

TEST_F(ListingTest, FollowsTagPagesAndSortsThem) {
  http_.Add("GET", "http://r.test/v2/", 200, "{}");
  http_.Add("GET", "http://r.test/v2/team/app/tags/list?n=1000", 200,
            R"({"name": "team/app", "tags": ["b", "a"]})",
            {{"Link", R"(</v2/team/app/tags/list?last=b&n=1000>; rel="next")"}});
  http_.Add("GET", "http://r.test/v2/team/app/tags/list?last=b&n=1000", 200,
            R"({"name": "team/app", "tags": ["c", 7]})");
  image::RegistryClient client = Client();
  auto tags = ListTags(client);
  ASSERT_TRUE(tags.ok()) << tags.status();
  EXPECT_THAT(*tags, ElementsAre("a", "b", "c"));
}

TEST_F(ListingTest, AnEndlessChainOfPagesStops) {
  http_.Add("GET", "http://r.test/v2/", 200, "{}");
  http_.Add("GET", "http://r.test/v2/team/app/tags/list?n=1000", 200, R"({"tags": ["a"]})",
            {{"Link", R"(</v2/team/app/tags/list?n=1000>; rel="next")"}});
  image::RegistryClient client = Client();
  auto tags = ListTags(client);
  ASSERT_FALSE(tags.ok());
  EXPECT_THAT(tags.status().message(), HasSubstr("more than 100 pages"));
}

TEST_F(ListingTest, HeadGivesTheTagDigest) {
  std::string digest = "sha256:" + std::string(64, 'a');
  http_.Add("GET", "http://r.test/v2/", 200, "{}");
  http_.Add("HEAD", "http://r.test/v2/team/app/manifests/1.0", 200, "",
            {{"Docker-Content-Digest", digest}});
  image::RegistryClient client = Client();
  auto resolved = ResolveTagDigest(client, "1.0");
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(*resolved, digest);
}

}  // namespace
}  // namespace moat::scanjob
