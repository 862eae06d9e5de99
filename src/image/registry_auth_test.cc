#include "image/registry_auth.h"

#include "absl/strings/escaping.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/fake_clock.h"
#include "testing/fake_http_client.h"

namespace moat::image {
namespace {

using ::moat::testing::FakeClock;
using ::moat::testing::FakeHttpClient;

TEST(WwwAuthenticateTest, ParsesBearerWithQuotedCommas) {
  auto challenges = ParseWwwAuthenticate(
      R"(Bearer realm="https://auth.example/token",service="registry.example",)"
      R"(scope="repository:team/app:pull,push")");
  ASSERT_EQ(challenges.size(), 1u);
  EXPECT_EQ(challenges[0].scheme, "bearer");
  EXPECT_EQ(challenges[0].Param("realm"), "https://auth.example/token");
  EXPECT_EQ(challenges[0].Param("service"), "registry.example");
  EXPECT_EQ(challenges[0].Param("scope"), "repository:team/app:pull,push");
}

TEST(WwwAuthenticateTest, ParsesSeveralChallengesTokensAndEscapes) {
  auto challenges = ParseWwwAuthenticate(
      R"(Basic realm="basic-realm", BEARER Realm=https://a/t , service = "s\"q", error=insufficient_scope)");
  ASSERT_EQ(challenges.size(), 2u);
  EXPECT_EQ(challenges[0].scheme, "basic");
  EXPECT_EQ(challenges[0].Param("realm"), "basic-realm");
  EXPECT_EQ(challenges[1].scheme, "bearer");
  EXPECT_EQ(challenges[1].Param("realm"), "https://a/t");
  EXPECT_EQ(challenges[1].Param("service"), "s\"q");
  EXPECT_EQ(challenges[1].Param("error"), "insufficient_scope");
  EXPECT_EQ(PreferredChallenge(challenges)->scheme, "bearer");
}

TEST(WwwAuthenticateTest, SurvivesGarbage) {
  for (const char* text :
       {"", ",,,", "=x", "Bearer realm=\"unterminated", "Bearer ===", "\x01\xff"}) {
    auto challenges = ParseWwwAuthenticate(text);
    EXPECT_LE(challenges.size(), 2u) << text;
  }
  EXPECT_EQ(ParseWwwAuthenticate("Bearer realm=\"unterminated")[0].Param("realm"), "unterminated");
  EXPECT_FALSE(PreferredChallenge(ParseWwwAuthenticate("Negotiate abc")).has_value());
}

AuthChallenge Bearer() {
  return ParseWwwAuthenticate(R"(Bearer realm="https://auth.test/token",service="reg")")[0];
}

RegistryCredentials UserPass() {
  RegistryCredentials creds;
  creds.username = "scanner";
  creds.password = "s3cret";
  creds.source = "--username";
  return creds;
}

constexpr char kTokenUrl[] =
    "https://auth.test/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull";

TEST(RegistryAuthenticatorTest, BasicUsesCredentials) {
  FakeHttpClient http;
  FakeClock clock;
  RegistryAuthenticator auth(UserPass(), &http, &clock, RetryPolicy{});
  auto basic = ParseWwwAuthenticate("Basic realm=x")[0];
  EXPECT_EQ(*auth.Authorization(basic, "repository:a:pull"),
            "Basic " + absl::Base64Escape("scanner:s3cret"));
  RegistryAuthenticator anonymous(RegistryCredentials{}, &http, &clock, RetryPolicy{});
  EXPECT_EQ(*anonymous.Authorization(basic, "repository:a:pull"), "");
  EXPECT_TRUE(http.requests().empty());
}

TEST(RegistryAuthenticatorTest, FetchesBearerTokenWithBasicAndCachesItPerScope) {
  FakeHttpClient http;
  FakeClock clock;
  http.Add("GET", kTokenUrl, 200, R"({"token":"tok-1","expires_in":300})");
  RegistryAuthenticator auth(UserPass(), &http, &clock, RetryPolicy{});
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:team/app:pull"), "Bearer tok-1");
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:team/app:pull"), "Bearer tok-1");
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(
      http.requests()[0].headers,
      (platform::HttpHeaders{{"Authorization", "Basic " + absl::Base64Escape("scanner:s3cret")}}));
  // Renewed shortly before it expires.
  clock.Advance(absl::Seconds(295));
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:team/app:pull"), "Bearer tok-1");
  EXPECT_EQ(http.requests().size(), 2u);
}

TEST(RegistryAuthenticatorTest, AcceptsAccessTokenAndAnonymousRequests) {
  FakeHttpClient http;
  FakeClock clock;
  http.Add("GET", kTokenUrl, 200, R"({"access_token":"anon"})");
  RegistryAuthenticator auth(RegistryCredentials{}, &http, &clock, RetryPolicy{});
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:team/app:pull"), "Bearer anon");
  EXPECT_TRUE(http.requests()[0].headers.empty());
  auth.Forget("repository:team/app:pull");
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:team/app:pull"), "Bearer anon");
  EXPECT_EQ(http.requests().size(), 2u);
}

TEST(RegistryAuthenticatorTest, IdentityTokenIsExchangedWithPost) {
  FakeHttpClient http;
  FakeClock clock;
  http.Add("POST", "https://auth.test/token", 200, R"({"access_token":"from-refresh"})");
  RegistryCredentials creds;
  creds.identity_token = "refresh me";
  creds.source = "/home/u/.docker/config.json";
  RegistryAuthenticator auth(creds, &http, &clock, RetryPolicy{});
  EXPECT_EQ(*auth.Authorization(Bearer(), "repository:a:pull"), "Bearer from-refresh");
  EXPECT_EQ(http.requests()[0].body,
            "grant_type=refresh_token&client_id=moat&service=reg&scope=repository%3Aa%3Apull"
            "&refresh_token=refresh%20me");
}

TEST(RegistryAuthenticatorTest, RefusedCredentialsGiveAClearError) {
  FakeHttpClient http;
  FakeClock clock;
  http.Add("GET", kTokenUrl, 401,
           R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})");
  RegistryAuthenticator auth(UserPass(), &http, &clock, RetryPolicy{});
  auto result = auth.Authorization(Bearer(), "repository:team/app:pull");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(result.status().message(),
            "fetching a token for repository:team/app:pull from https://auth.test/token: HTTP 401 "
            "UNAUTHORIZED: authentication required (credentials of user \"scanner\" from "
            "--username)");
}

TEST(RegistryAuthenticatorTest, RejectsBadRealmsAndTokenless) {
  FakeHttpClient http;
  FakeClock clock;
  RegistryAuthenticator auth(RegistryCredentials{}, &http, &clock, RetryPolicy{});
  auto bad = ParseWwwAuthenticate("Bearer realm=\"file:///etc/passwd\"")[0];
  EXPECT_EQ(auth.Authorization(bad, "s").status().message(),
            "fetching a token for s from file:///etc/passwd: the registry's realm is not an "
            "http(s) URL");
  http.Add("GET", kTokenUrl, 200, R"({"nothing":1})");
  EXPECT_EQ(auth.Authorization(Bearer(), "repository:team/app:pull").status().message(),
            "fetching a token for repository:team/app:pull from https://auth.test/token: the "
            "response has no token");
}

TEST(RegistryAuthenticatorTest, RegistryTokenIsSentAsIs) {
  FakeHttpClient http;
  FakeClock clock;
  RegistryCredentials creds;
  creds.registry_token = "ready";
  RegistryAuthenticator auth(creds, &http, &clock, RetryPolicy{});
  EXPECT_EQ(*auth.Authorization(Bearer(), "x"), "Bearer ready");
  EXPECT_TRUE(http.requests().empty());
}

}  // namespace
}  // namespace moat::image
