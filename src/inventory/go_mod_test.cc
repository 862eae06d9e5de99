#include "inventory/go_mod.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "inventory/go_sum.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Coordinates(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const Package& p : packages) out.push_back(p.name + "@" + p.version);
  return out;
}

std::vector<Package> ModPackages(const std::string& text) {
  absl::StatusOr<GoModFile> mod = ParseGoMod(text);
  EXPECT_TRUE(mod.ok()) << mod.status();
  return mod.ok() ? GoModPackages(*mod) : std::vector<Package>{};
}

TEST(GoModTest, FixtureRequiresWithReplacements) {
  absl::StatusOr<GoModFile> mod = ParseGoMod(ReadFile(testing::FixturePath("go/go.mod")));
  ASSERT_TRUE(mod.ok()) << mod.status();
  EXPECT_EQ(mod->module, "example.com/shop");
  ASSERT_EQ(mod->required.size(), 7u);
  EXPECT_FALSE(mod->required[0].indirect);
  EXPECT_TRUE(mod->required[2].indirect);
  EXPECT_TRUE(mod->required[3].indirect);
  std::vector<Package> packages = GoModPackages(*mod);
  EXPECT_EQ(Coordinates(packages),
            (std::vector<std::string>{
                "github.com/gin-gonic/gin@v1.9.1", "github.com/google/uuid@v1.3.0",
                "golang.org/x/net@v0.17.0", "gopkg.in/yaml.v3@v3.0.1",
                "github.com/sirupsen/logrus@v1.9.0", "github.com/fork/lib@v1.0.1"}));
  for (const Package& p : packages) {
    EXPECT_EQ(p.ecosystem, Ecosystem::kGolang);
    EXPECT_EQ(p.origin, PackageOrigin::kManifest);
  }
}

TEST(GoModTest, VersionedReplaceWinsOverWildcard) {
  EXPECT_EQ(Coordinates(ModPackages("require a.io/x v1.0.0\n"
                                    "replace a.io/x => b.io/x v2.0.0\n"
                                    "replace a.io/x v1.0.0 => c.io/x v3.0.0\n")),
            (std::vector<std::string>{"c.io/x@v3.0.0"}));
  EXPECT_EQ(Coordinates(ModPackages("require(\na.io/x v1.0.0\n)\nreplace a.io/x=>../x\n")),
            (std::vector<std::string>{}));
  EXPECT_EQ(Coordinates(ModPackages("module m\nrequire ()\ngo 1.20\n")),
            (std::vector<std::string>{}));
}

TEST(GoModTest, MalformedFilesHaveExactErrors) {
  struct Case {
    std::string text, error;
  } cases[] = {
      {"module m\n\nrequire (\n\ta.io/x v1\n", "line 3: unterminated require block"},
      {"require a.io/x\n", "line 1: require needs a module path and a version"},
      {"require (\n a.io/x v1 extra\n)\n", "line 2: require needs a module path and a version"},
      {"replace a.io/x v1\n", "line 1: replace needs 'module [version] => module [version]'"},
      {"replace => b v1\n", "line 1: replace needs 'module [version] => module [version]'"},
      {"replace a => b\n", "line 1: replacement module needs a version"},
      {"module \"unterminated\n", "line 1: unterminated quoted string"},
      {")\n", "line 1: unexpected ')'"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseGoMod(c.text).status().message(), c.error) << c.text;
  }
}

TEST(GoModTest, CatalogerWantsGoModFiles) {
  GoModCataloger cataloger;
  image::FileRecord file;
  file.path = "/src/app/go.mod";
  EXPECT_TRUE(cataloger.Wants(file));
  file.path = "/src/app/go.mod.bak";
  EXPECT_FALSE(cataloger.Wants(file));
  file.path = "/src/app/notgo.mod";
  EXPECT_FALSE(cataloger.Wants(file));
}

TEST(GoModTest, TrivyFixtures) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "trivy-parser-fixtures/pkg/dependency/parser/golang/mod/testdata");
  struct Case {
    std::string file;
    std::vector<std::string> packages;
  } cases[] = {
      {"normal/go.mod",
       {"github.com/aquasecurity/go-version@v0.0.0-20240603093900-cf8a8d29271d",
        "github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc",
        "github.com/pmezard/go-difflib@v1.0.1-0.20181226105442-5d4384ee4fb2",
        "github.com/stretchr/testify@v1.9.0",
        "golang.org/x/xerrors@v0.0.0-20231012003039-104605ab7028"}},
      {"replaced-with-local-path-and-version/go.mod",
       {"github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff",
        "gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b"}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Coordinates(ModPackages(ReadFile(dir + "/" + c.file))), c.packages) << c.file;
  }
  for (const char* name : {"replaced", "replaced-with-local-path", "replaced-with-version",
                           "replaced-with-version-mismatch", "go116",
                           "replaced-with-local-path-and-version-mismatch"}) {
    absl::StatusOr<GoModFile> mod = ParseGoMod(ReadFile(dir + "/" + name + "/go.mod"));
    EXPECT_TRUE(mod.ok()) << name << ": " << mod.status();
    absl::StatusOr<std::vector<Package>> sum = ParseGoSum(ReadFile(dir + "/" + name + "/go.sum"));
    EXPECT_TRUE(sum.ok()) << name << ": " << sum.status();
  }
}

TEST(GoSumTest, FixtureKeepsModulesWithCodeHashesAtTheirLastVersion) {
  absl::StatusOr<std::vector<Package>> packages =
      ParseGoSum(ReadFile(testing::FixturePath("go/go.sum")));
  ASSERT_TRUE(packages.ok()) << packages.status();
  EXPECT_EQ(Coordinates(*packages), (std::vector<std::string>{"github.com/gin-gonic/gin@v1.9.1",
                                                              "github.com/google/uuid@v1.3.0",
                                                              "golang.org/x/net@v0.17.0"}));
  for (const Package& p : *packages) EXPECT_EQ(p.origin, PackageOrigin::kLockfile);
}

TEST(GoSumTest, MalformedLinesHaveExactErrors) {
  EXPECT_EQ(ParseGoSum("a.io/x v1.0.0 h1:x=\na.io/y v1\n").status().message(),
            "line 2: expected 3 fields, got 2");
  EXPECT_EQ(ParseGoSum("a b c d\n").status().message(), "line 1: expected 3 fields, got 4");
  EXPECT_TRUE(ParseGoSum("\n\r\n").ok());
}

TEST(GoSumTest, TrivyFixtures) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "trivy-parser-fixtures/pkg/dependency/parser/golang/sum/testdata");
  absl::StatusOr<std::vector<Package>> normal = ParseGoSum(ReadFile(dir + "/gomod_normal.sum"));
  ASSERT_TRUE(normal.ok()) << normal.status();
  EXPECT_EQ(Coordinates(*normal),
            (std::vector<std::string>{"golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1"}));
  absl::StatusOr<std::vector<Package>> many = ParseGoSum(ReadFile(dir + "/gomod_many.sum"));
  ASSERT_TRUE(many.ok()) << many.status();
  EXPECT_EQ(many->front().name, "github.com/BurntSushi/toml");
  EXPECT_EQ(many->front().version, "v0.3.1");
  EXPECT_GT(many->size(), 5u);
  for (const char* name : {"gomod_emptyline.sum", "gomod_trivy.sum"}) {
    EXPECT_TRUE(ParseGoSum(ReadFile(dir + "/" + name)).ok()) << name;
  }
}

}  // namespace
}  // namespace moat::inventory
