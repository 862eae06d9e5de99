#include "auth/permissions.h"

#include "gtest/gtest.h"

namespace moat::auth {
namespace {

using store::Role;

TEST(PermissionsTest, ViewerOnlyReads) {
  EXPECT_TRUE(RoleAllows(Role::kViewer, Action::kRead));
  EXPECT_FALSE(RoleAllows(Role::kViewer, Action::kScan));
  EXPECT_FALSE(RoleAllows(Role::kViewer, Action::kAdmin));
}

TEST(PermissionsTest, OperatorReadsAndScansButCannotAdminister) {
  EXPECT_TRUE(RoleAllows(Role::kOperator, Action::kRead));
  EXPECT_TRUE(RoleAllows(Role::kOperator, Action::kScan));
  EXPECT_FALSE(RoleAllows(Role::kOperator, Action::kAdmin));
}

TEST(PermissionsTest, AdminMayDoEverything) {
  for (Action action : {Action::kRead, Action::kScan, Action::kAdmin}) {
    EXPECT_TRUE(RoleAllows(Role::kAdmin, action)) << ActionName(action);
  }
}

TEST(PermissionsTest, DeniedMessageNamesTheRoleNeeded) {
  EXPECT_EQ(PermissionDeniedMessage("ci", Role::kViewer, Action::kScan),
            "this needs the operator role; token \"ci\" is viewer");
  EXPECT_EQ(PermissionDeniedMessage("ci-bot", Role::kOperator, Action::kAdmin),
            "this needs the admin role; token \"ci-bot\" is operator");
}

TEST(PermissionsTest, RoutesMapToActions) {
  struct Case {
    const char* method;
    const char* path;
    Action action;
  };
  const Case cases[] = {
      {"GET", "/images", Action::kRead},
      {"GET", "/images/sha256:abc/report", Action::kRead},
      {"GET", "/license", Action::kRead},
      {"GET", "/registries", Action::kRead},
      {"GET", "/jobs/j1", Action::kRead},
      {"POST", "/scans", Action::kScan},
      {"POST", "/registries/r1/scan", Action::kScan},
      {"PATCH", "/alerts/a1", Action::kScan},
      {"POST", "/registries", Action::kAdmin},
      {"POST", "/registries/test", Action::kAdmin},
      {"DELETE", "/registries/r1", Action::kAdmin},
      {"GET", "/tokens", Action::kAdmin},
      {"POST", "/tokens", Action::kAdmin},
      {"DELETE", "/tokens/t1", Action::kAdmin},
      {"GET", "/audit", Action::kAdmin},
      {"PUT", "/license", Action::kAdmin},
      {"GET", "/settings/webhooks", Action::kAdmin},
      {"PUT", "/settings/webhooks", Action::kAdmin},
      {"POST", "/something/new", Action::kAdmin},  // unknown writes fail closed
      {"POST", "/registries//scan", Action::kAdmin},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(RouteAction(c.method, c.path), c.action) << c.method << " " << c.path;
  }
}

}  // namespace
}  // namespace moat::auth
