// The application catalogers over the flattened rootfs of the demo image that
// scripts/test.sh builds ($MOAT_TESTENV/images/rootfs-app); skipped where it was not built.
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/gemspec.h"
#include "inventory/npm_lock.h"
#include "inventory/npm_package_json.h"
#include "inventory/python_metadata.h"
#include "testing/cataloger_runner.h"

namespace moat::inventory {
namespace {

namespace fs = std::filesystem;
using ::testing::UnorderedElementsAre;

std::string RootfsOrEmpty() {
  const char* env = std::getenv("MOAT_TESTENV");
  std::string root =
      std::string(env != nullptr ? env : "/var/tmp/moat-testenv") + "/images/rootfs-app";
  return fs::is_directory(root + "/app") ? root : "";
}

// Packages found by `cataloger` in files under `dir` (an image path), keyed by file.
std::map<std::string, std::vector<Package>> Catalog(const std::string& root,
                                                    const Cataloger& cataloger,
                                                    const std::string& dir) {
  std::map<std::string, std::vector<Package>> found;
  for (const auto& entry : fs::recursive_directory_iterator(root + dir)) {
    if (!entry.is_regular_file() || entry.is_symlink()) continue;
    std::string image_path = entry.path().string().substr(root.size());
    if (!moat::testing::CatalogerWants(cataloger, image_path)) continue;
    auto run = moat::testing::RunCataloger(cataloger, image_path,
                                           moat::testing::ReadTestFile(entry.path().string()));
    EXPECT_TRUE(run.status.ok()) << run.error();
    found[image_path] = run.facts.packages;
  }
  return found;
}

TEST(AppRootfsTest, NodeModulesAndLockAgree) {
  std::string root = RootfsOrEmpty();
  if (root.empty()) GTEST_SKIP() << "demo rootfs not built (scripts/test.sh builds it)";
  NpmPackageJsonCataloger package_json;
  std::set<std::string> installed;
  int packages = 0;
  for (const auto& [path, found] : Catalog(root, package_json, "/app")) {
    for (const Package& package : found) {
      ++packages;
      if (absl::StrContains(path, "/node_modules/"))
        installed.insert(package.name + "@" + package.version);
    }
  }
  // Trivy's node-pkg count: 54 package.json files in node_modules plus the project's own.
  EXPECT_EQ(packages, 55);
  NpmLockCataloger lock;
  auto run = moat::testing::RunCataloger(
      lock, "/app/package-lock.json", moat::testing::ReadTestFile(root + "/app/package-lock.json"));
  ASSERT_TRUE(run.status.ok()) << run.error();
  auto ids = moat::testing::PackageIds(run.facts);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), installed);
  EXPECT_EQ(ids.size(), 54u);
}

TEST(AppRootfsTest, PythonDistributionsAndRubyGems) {
  std::string root = RootfsOrEmpty();
  if (root.empty()) GTEST_SKIP() << "demo rootfs not built (scripts/test.sh builds it)";
  PythonMetadataCataloger python;
  std::vector<std::string> dists;
  for (const auto& [path, found] : Catalog(root, python, "/usr/local/lib/python3.11")) {
    for (const Package& package : found) dists.push_back(package.name + "@" + package.version);
  }
  EXPECT_THAT(dists, UnorderedElementsAre("urllib3@1.26.12", "requests@2.28.1", "Jinja2@3.1.2"));
  GemspecCataloger gemspec;
  std::vector<std::string> gems;
  for (const auto& [path, found] : Catalog(root, gemspec, "/usr/local/lib/ruby")) {
    for (const Package& package : found) gems.push_back(package.name + "@" + package.version);
  }
  EXPECT_THAT(gems, UnorderedElementsAre("rack@2.2.22"));
  // Every Debian-owned gemspec parses too (the assembler drops them as dpkg-owned).
  EXPECT_GT(Catalog(root, gemspec, "/usr/lib/ruby").size(), 50u);
}

}  // namespace
}  // namespace moat::inventory
