#include "http/router.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace moat::http {
namespace {

Handler Named(std::string name) {
  return [name](Request& request) {
    std::string body = name;
    for (const auto& [key, value] : request.params) body += " " + key + "=" + value;
    return JsonResponse(200, body);
  };
}

Response Call(const Router& router, std::string method, std::string path) {
  Request request;
  request.method = std::move(method);
  request.path = path;
  request.raw_path = path;
  return router.Dispatch(request);
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add("GET", "/api/v1/images", Named("list"));
    router_.Add("GET", "/api/v1/images/{digest}", Named("image"));
    router_.Add("GET", "/api/v1/images/{digest}/report", Named("report"));
    router_.Add("GET", "/api/v1/registries/{id}", Named("registry"));
    router_.Add("DELETE", "/api/v1/registries/{id}", Named("delete"));
    router_.Add("POST", "/api/v1/registries/{id}/scan", Named("scan"));
    router_.Add("POST", "/api/v1/registries/test", Named("test"));
    router_.Add("GET", "/static/{path*}", Named("static"));
    router_.Add("GET", "/static/index.html", Named("index"));
    router_.Add("GET", "/", Named("root"));
  }
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterRoutes) {
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images").body, "list");
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images/sha256:abc").body, "image digest=sha256:abc");
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images/sha256:abc/report").body,
            "report digest=sha256:abc");
  EXPECT_EQ(Call(router_, "POST", "/api/v1/registries/7/scan").body, "scan id=7");
  EXPECT_EQ(Call(router_, "GET", "/").body, "root");
}

TEST_F(RouterTest, ParametersArePercentDecodedPerSegment) {
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images/sha256%3Aabc").body, "image digest=sha256:abc");
  // An encoded '/' stays inside the segment.
  EXPECT_EQ(Call(router_, "GET", "/api/v1/registries/a%2Fb").body, "registry id=a/b");
}

TEST_F(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  EXPECT_EQ(Call(router_, "POST", "/api/v1/registries/test").body, "test");
  EXPECT_EQ(Call(router_, "GET", "/api/v1/registries/test").body, "registry id=test");
  EXPECT_EQ(Call(router_, "GET", "/static/index.html").body, "index");
}

TEST_F(RouterTest, RestParameterTakesTheRemainingPath) {
  EXPECT_EQ(Call(router_, "GET", "/static/css/app.css").body, "static path=css/app.css");
  EXPECT_EQ(Call(router_, "GET", "/static/").body, "static path=");
  EXPECT_EQ(Call(router_, "GET", "/static").body, "static path=");
}

TEST_F(RouterTest, UnknownPathIs404JsonError) {
  Response response = Call(router_, "GET", "/api/v1/nothing");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body,
            R"({"error":{"message":"no such resource: /api/v1/nothing","status":404}})");
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images/").status, 404);
  EXPECT_EQ(Call(router_, "GET", "/api/v1/images/a/b/c").status, 404);
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
  Response response = Call(router_, "PUT", "/api/v1/registries/9");
  EXPECT_EQ(response.status, 405);
  EXPECT_THAT(response.headers, ::testing::Contains(std::pair<std::string, std::string>(
                                    "Allow", "DELETE, GET, HEAD")));
  EXPECT_THAT(response.body,
              ::testing::HasSubstr("method PUT not allowed for /api/v1/registries/9"));
}

TEST_F(RouterTest, HeadIsServedByGetRoute) {
  RouteMatch match = router_.Match("HEAD", "/api/v1/images");
  EXPECT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.pattern, "/api/v1/images");
}

TEST_F(RouterTest, MatchReportsPatternAndRouteOptions) {
  Router router;
  router.Add("POST", "/upload/{name}", Named("up"), RouteOptions{.max_body_bytes = 10});
  RouteMatch match = router.Match("POST", "/upload/x");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.pattern, "/upload/{name}");
  EXPECT_EQ(match.options.max_body_bytes, 10u);
  EXPECT_EQ(match.params.at("name"), "x");
}

TEST_F(RouterTest, BadEscapeMatchesNothing) {
  EXPECT_EQ(router_.Match("GET", "/api/v1/images/%zz").kind, RouteMatch::Kind::kNotFound);
}

}  // namespace
}  // namespace moat::http
