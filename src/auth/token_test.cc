#include "auth/token.h"

#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::auth {
namespace {

using ::testing::MatchesRegex;

TEST(TokenTest, NewTokenIsPrefixedBase64UrlOf32Bytes) {
  auto token = NewToken();
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->size(), kTokenSize);
  EXPECT_THAT(*token, MatchesRegex("moat_[A-Za-z0-9_-]{43}"));
  EXPECT_TRUE(LooksLikeToken(*token));
}

TEST(TokenTest, NewTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(*NewToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TokenTest, LooksLikeTokenRejectsOtherShapes) {
  std::string good = *NewToken();
  EXPECT_FALSE(LooksLikeToken(""));
  EXPECT_FALSE(LooksLikeToken(good.substr(1)));
  EXPECT_FALSE(LooksLikeToken("xxxx_" + good.substr(5)));
  EXPECT_FALSE(LooksLikeToken(good.substr(0, 47) + "="));
  EXPECT_FALSE(LooksLikeToken(good + "A"));
}

TEST(TokenTest, HashIsHexSha256OfTheToken) {
  EXPECT_EQ(HashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string token = *NewToken();
  EXPECT_EQ(HashToken(token), HashToken(token));
  EXPECT_NE(HashToken(token), HashToken(*NewToken()));
  EXPECT_EQ(HashToken(token).size(), 64u);
}

TEST(BearerTest, ParsesTheToken) {
  EXPECT_EQ(*ParseBearer("Bearer moat_abc"), "moat_abc");
  EXPECT_EQ(*ParseBearer("bearer moat_abc"), "moat_abc");
  EXPECT_EQ(*ParseBearer("BEARER   moat_abc  "), "moat_abc");
  EXPECT_EQ(*ParseBearer("Bearer\tmoat_abc"), "moat_abc");
}

TEST(BearerTest, RejectsWithReasons) {
  struct Case {
    const char* header;
    const char* error;
  };
  const Case cases[] = {
      {"", "missing the Authorization header"},
      {"   ", "missing the Authorization header"},
      {"Basic dXNlcjpwYXNz", "the Authorization header must be \"Bearer <token>\""},
      {"Bearer", "the Authorization header must be \"Bearer <token>\""},
      {"Bearermoat_abc", "the Authorization header must be \"Bearer <token>\""},
      {"Bearer a b", "the bearer token holds spaces or control characters"},
      {"Bearer a\x01", "the bearer token holds spaces or control characters"},
  };
  for (const Case& c : cases) {
    auto result = ParseBearer(c.header);
    ASSERT_FALSE(result.ok()) << c.header;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kUnauthenticated) << c.header;
    EXPECT_EQ(result.status().message(), c.error) << c.header;
  }
}

}  // namespace
}  // namespace moat::auth
