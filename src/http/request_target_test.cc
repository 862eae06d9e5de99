#include "http/request_target.h"

#include "gtest/gtest.h"

namespace moat::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndOptionallyPlus) {
  EXPECT_EQ(*PercentDecode("a%20b%3a%3A", false), "a b::");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
}

TEST(PercentDecodeTest, RejectsTruncatedOrNonHexEscapes) {
  for (const char* bad : {"%", "%2", "a%g0", "%0z"}) {
    auto decoded = PercentDecode(bad, false);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(PercentDecode("a%g0", false).status().message(),
            "bad percent-encoding: '%' needs two hex digits");
}

TEST(ParseRequestTargetTest, SplitsPathAndDecodedQuery) {
  auto target = ParseRequestTarget("/api/v1/images/sha256%3Aab?search=nginx+1.2&x=%26&flag&=v&x=2");
  ASSERT_TRUE(target.ok()) << target.status();
  EXPECT_EQ(target->raw_path, "/api/v1/images/sha256%3Aab");
  EXPECT_EQ(target->path, "/api/v1/images/sha256:ab");
  std::map<std::string, std::string> expected = {{"search", "nginx 1.2"}, {"x", "2"}, {"flag", ""}};
  EXPECT_EQ(target->query, expected);
}

TEST(ParseRequestTargetTest, PlusInPathIsLiteral) {
  EXPECT_EQ(ParseRequestTarget("/a+b")->path, "/a+b");
}

TEST(ParseRequestTargetTest, RejectsUnsafeOrMalformedTargets) {
  struct Case {
    const char* target;
    const char* message;
  };
  const Case cases[] = {
      {"", "path must start with '/'"},
      {"*", "path must start with '/'"},
      {"http://host/x", "path must start with '/'"},
      {"/a/%00/b", "NUL byte in path"},
      {"/a/../etc", "'..' segment in path"},
      {"/a/%2e%2E/etc", "'..' segment in path"},
      {"/a%zz", "path: bad percent-encoding: '%' needs two hex digits"},
      {"/a?q=%", "query: bad percent-encoding: '%' needs two hex digits"},
  };
  for (const Case& c : cases) {
    auto target = ParseRequestTarget(c.target);
    ASSERT_FALSE(target.ok()) << c.target;
    EXPECT_EQ(target.status().message(), c.message) << c.target;
  }
}

}  // namespace
}  // namespace moat::http
