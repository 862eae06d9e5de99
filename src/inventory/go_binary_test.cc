#include "inventory/go_binary.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "name@version" of each package, in order.
std::vector<std::string> Coordinates(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const Package& p : packages) out.push_back(p.name + "@" + p.version);
  return out;
}

absl::Status ParseFile(const std::string& path, const std::string& data, FileFacts* facts) {
  image::FileRecord file;
  file.path = path;
  file.mode = 0755;
  file.size = static_cast<int64_t>(data.size());
  GoBinaryCataloger cataloger;
  return cataloger.Parse(FileInput{0, file, data, 1 << 20}, facts);
}

TEST(GoBinaryCatalogerTest, WantsExecutableRegularFiles) {
  GoBinaryCataloger cataloger;
  image::FileRecord file;
  file.path = "/usr/local/bin/app";
  file.mode = 0755;
  file.size = 4096;
  EXPECT_TRUE(cataloger.Wants(file));
  file.mode = 0644;
  EXPECT_FALSE(cataloger.Wants(file));
  file.mode = 0755;
  file.size = 10;
  EXPECT_FALSE(cataloger.Wants(file));
  file.size = 4096;
  file.type = image::EntryType::kSymlink;
  EXPECT_FALSE(cataloger.Wants(file));
}

TEST(GoBinaryCatalogerTest, ReportsModulesReplacementsLdflagsVersionAndStdlib) {
  FileFacts facts;
  ASSERT_TRUE(ParseFile("/app", ReadFile(testing::FixturePath("go/hello-go1.19")), &facts).ok());
  EXPECT_EQ(Coordinates(facts.packages),
            (std::vector<std::string>{"example.com/fixture@v1.4.2", "example.org/dep@v1.2.3",
                                      "example.org/new@v1.0.0", "stdlib@v1.19.8"}));
  for (const Package& p : facts.packages) {
    EXPECT_EQ(p.ecosystem, Ecosystem::kGolang);
    EXPECT_EQ(p.origin, PackageOrigin::kBinary);
  }
  EXPECT_TRUE(facts.warnings.empty());
}

TEST(GoBinaryCatalogerTest, NonGoExecutablesYieldNothing) {
  FileFacts facts;
  EXPECT_TRUE(ParseFile("/bin/sh", "#!/bin/sh\nexit 0\n", &facts).ok());
  EXPECT_TRUE(ParseFile("/bin/x",
                        std::string("\x7f"
                                    "ELF\x02\x01\x01",
                                    7) +
                            "junk",
                        &facts)
                  .ok());
  EXPECT_TRUE(facts.packages.empty());
}

TEST(GoBinaryCatalogerTest, DemoImageBinaryHasItsTwoModulesAndStdlib) {
  const std::string path = "/var/tmp/moat-testenv/images/rootfs-app/usr/local/bin/vulndemo";
  std::string data = ReadFile(path);
  if (data.empty())
    GTEST_SKIP() << path << " is absent (built by ../shared/tools/build-test-images.sh)";
  FileFacts facts;
  ASSERT_TRUE(ParseFile(path, data, &facts).ok());
  EXPECT_EQ(Coordinates(facts.packages),
            (std::vector<std::string>{"github.com/pkg/errors@v0.9.1", "golang.org/x/text@v0.7.0",
                                      "stdlib@v1.19.8"}));
}

TEST(GoBinaryCatalogerTest, MainModuleWithVersionAndSelfDependency) {
  GoBuildInfo info;
  info.go_version = "go1.22.1 X:boringcrypto";
  info.main = {"github.com/x/tool", "v1.2.0", "", "", ""};
  info.deps.push_back({"github.com/x/tool", "v1.2.0", "", "", ""});
  info.deps.push_back({"github.com/y/lib", "v0.1.0", "", "../lib", ""});
  EXPECT_EQ(Coordinates(GoBuildInfoPackages(info)),
            (std::vector<std::string>{"github.com/x/tool@v1.2.0", "stdlib@v1.22.1"}));
}

TEST(GoBinaryCatalogerTest, ToolchainVersions) {
  struct Case {
    std::string go, version;
  } cases[] = {
      {"go1.19.8", "v1.19.8"},
      {"go1.20", "v1.20.0"},
      {"go1.21rc2", "v1.21.0-rc.2"},
      {"go1.18beta1", "v1.18.0-beta.1"},
      {"go1.22.1 X:nocoverageredesign", "v1.22.1"},
      {"devel go1.23-abc123 Mon", ""},
      {"go1", ""},
      {"go1.x", ""},
      {"go1.20.1.2", ""},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(GoToolchainVersion(c.go), c.version) << c.go;
}

}  // namespace
}  // namespace moat::inventory
