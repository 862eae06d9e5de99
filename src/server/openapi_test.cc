// The served OpenAPI document and the route table describe the same API, both ways.
#include "server/openapi.h"

#include <set>
#include <string>

#include "absl/strings/ascii.h"
#include "common/json.h"
#include "gtest/gtest.h"
#include "server/center.h"

namespace moat::server {
namespace {

TEST(OpenApiTest, DocumentsExactlyTheRoutesTheCenterServes) {
  auto document = ParseJson(OpenApiJson(), "openapi.json");
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(JsonString(*document, "openapi"), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, operations] : (*document)["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      documented.insert(absl::AsciiStrToUpper(method) + " " + path);
    }
  }
  std::set<std::string> served;
  for (const Center::Route& route : Center::Routes()) {
    served.insert(std::string(route.method) + " " + route.pattern);
  }
  EXPECT_EQ(documented, served);
}

TEST(OpenApiTest, EachOperationNamesTheRoleTheRouteNeeds) {
  auto document = ParseJson(OpenApiJson(), "openapi.json");
  ASSERT_TRUE(document.ok());
  const char* kRoleOf[] = {"none", "viewer", "operator", "admin"};
  for (const Center::Route& route : Center::Routes()) {
    const Json& operation =
        (*document)["paths"][route.pattern][absl::AsciiStrToLower(route.method)];
    EXPECT_EQ(JsonString(operation, "x-moat-role"), kRoleOf[static_cast<int>(route.need)])
        << route.method << " " << route.pattern;
  }
}

}  // namespace
}  // namespace moat::server
