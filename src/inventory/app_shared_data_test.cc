// The application catalogers over Trivy's own parser fixtures (../shared/data): every input of
// our formats parses (or fails where the fixture is malformed on purpose), and a sample of
// names and versions, read off the fixtures by hand, comes out right.
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/bundler_lock.h"
#include "inventory/composer.h"
#include "inventory/dotnet_deps.h"
#include "inventory/gemspec.h"
#include "inventory/npm_lock.h"
#include "inventory/npm_package_json.h"
#include "inventory/nuget_lock.h"
#include "inventory/pip_requirements.h"
#include "inventory/pipenv_lock.h"
#include "inventory/pnpm_lock.h"
#include "inventory/poetry_lock.h"
#include "inventory/python_metadata.h"
#include "inventory/uv_lock.h"
#include "inventory/yarn_lock.h"
#include "testing/cataloger_runner.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

namespace fs = std::filesystem;
using moat::testing::PackageIds;
using moat::testing::ReadTestFile;
using moat::testing::RunCataloger;
using ::testing::Contains;
using ::testing::IsSupersetOf;
using ::testing::SizeIs;

constexpr char kParsers[] = "trivy-parser-fixtures/pkg/dependency/parser";
constexpr char kAnalyzers[] = "trivy-parser-fixtures/pkg/fanal/analyzer/language";

std::vector<std::unique_ptr<Cataloger>> AppCatalogers() {
  std::vector<std::unique_ptr<Cataloger>> all;
  all.push_back(std::make_unique<NpmPackageJsonCataloger>());
  all.push_back(std::make_unique<NpmLockCataloger>());
  all.push_back(std::make_unique<YarnLockCataloger>());
  all.push_back(std::make_unique<PnpmLockCataloger>());
  all.push_back(std::make_unique<PythonMetadataCataloger>());
  all.push_back(std::make_unique<PipRequirementsCataloger>());
  all.push_back(std::make_unique<PipenvLockCataloger>());
  all.push_back(std::make_unique<PoetryLockCataloger>());
  all.push_back(std::make_unique<UvLockCataloger>());
  all.push_back(std::make_unique<GemspecCataloger>());
  all.push_back(std::make_unique<BundlerLockCataloger>());
  all.push_back(std::make_unique<ComposerLockCataloger>());
  all.push_back(std::make_unique<ComposerInstalledCataloger>());
  all.push_back(std::make_unique<DotnetDepsCataloger>());
  all.push_back(std::make_unique<NugetLockCataloger>());
  return all;
}

struct ParserDir {
  const char* dir;  // under kParsers
  const Cataloger* cataloger;
  const char* image_path;  // where the file is put so that the cataloger reads it
  std::set<std::string> malformed;
};

// Every fixture of one parser directory: malformed ones fail, all others parse.
void ExpectDirectoryParses(const std::string& root, const ParserDir& dir) {
  std::string path = root + "/" + dir.dir + "/testdata";
  ASSERT_TRUE(fs::is_directory(path)) << path;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(path)) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    auto run = RunCataloger(*dir.cataloger, dir.image_path, ReadTestFile(entry.path().string()));
    EXPECT_EQ(run.status.ok(), dir.malformed.count(name) == 0)
        << dir.dir << "/" << name << ": " << run.error();
    ++files;
  }
  EXPECT_GT(files, 0) << path;
}

TEST(AppSharedDataTest, EveryParserFixtureOfOurFormatsParses) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  auto all = AppCatalogers();
  auto by_name = [&](absl::string_view name) -> const Cataloger* {
    for (const auto& c : all) {
      if (c->name() == name) return c.get();
    }
    return nullptr;
  };
  const std::vector<ParserDir> dirs = {
      {"nodejs/npm", by_name("npm-lock"), "/app/package-lock.json", {}},
      {"nodejs/packagejson",
       by_name("npm-package-json"),
       "/app/node_modules/x/package.json",
       {"invalid_package.json", "invalid_name.json"}},
      {"nodejs/yarn", by_name("yarn-lock"), "/app/yarn.lock", {}},
      {"nodejs/pnpm", by_name("pnpm-lock"), "/app/pnpm-lock.yaml", {}},
      {"python/packaging",
       by_name("python-metadata"),
       "/usr/lib/python3/site-packages/x-1.0.dist-info/METADATA",
       {"invalid.json"}},
      {"python/pip", by_name("pip-requirements"), "/app/requirements.txt", {}},
      {"python/pipenv", by_name("pipenv-lock"), "/app/Pipfile.lock", {}},
      {"python/poetry", by_name("poetry-lock"), "/app/poetry.lock", {}},
      {"python/uv", by_name("uv-lock"), "/app/uv.lock", {}},
      {"ruby/gemspec",
       by_name("gemspec"),
       "/usr/lib/ruby/gems/3.1.0/specifications/x.gemspec",
       {"malformed00.gemspec", "malformed01.gemspec"}},
      {"ruby/bundler", by_name("bundler-lock"), "/app/Gemfile.lock", {"Gemfile_malformed.lock"}},
      {"php/composer", by_name("composer-lock"), "/app/composer.lock", {}},
      {"dotnet/core_deps", by_name("dotnet-deps"), "/app/x.deps.json", {"invalid.deps.json"}},
      {"nuget/lock", by_name("nuget-lock"), "/app/packages.lock.json", {}},
  };
  for (const ParserDir& dir : dirs) {
    ASSERT_NE(dir.cataloger, nullptr) << dir.dir;
    ExpectDirectoryParses(root, dir);
  }
}

// The analyzer fixtures keep real file names: every file any of our catalogers wants parses,
// except the deliberately broken ones.
TEST(AppSharedDataTest, EveryAnalyzerFixtureWeWantParses) {
  MOAT_SHARED_DATA_OR_SKIP(root, kAnalyzers);
  const std::set<std::string> malformed = {
      "/nodejs/npm/testdata/sad/package-lock.json",
      "/nodejs/yarn/testdata/wrong-packagejson/package.json",
      "/python/poetry/testdata/sad/poetry.lock",
      "/python/uv/testdata/broken-lock/uv.lock",
      "/php/composer/testdata/composer/sad/composer.lock",
      "/php/composer/testdata/composer-vendor/sad/installed.json",
  };
  auto all = AppCatalogers();
  int parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    std::string image_path = "/" + fs::relative(entry.path(), root).string();
    for (const auto& cataloger : all) {
      if (!moat::testing::CatalogerWants(*cataloger, image_path)) continue;
      auto run = RunCataloger(*cataloger, image_path, ReadTestFile(entry.path().string()));
      EXPECT_EQ(run.status.ok(), malformed.count(image_path) == 0)
          << image_path << " [" << cataloger->name() << "]: " << run.error();
      ++parsed;
    }
  }
  EXPECT_GT(parsed, 80);
}

moat::testing::CatalogerRun ParseFixture(const Cataloger& cataloger, absl::string_view image_path,
                                         const std::string& fixture) {
  auto path = moat::testing::SharedDataPath(std::string(kParsers) + "/" + fixture);
  if (!path) path = moat::testing::SharedDataPath(std::string(kAnalyzers) + "/" + fixture);
  if (!path) return {absl::NotFoundError(fixture), {}};
  return RunCataloger(cataloger, image_path, ReadTestFile(*path));
}

std::vector<std::string> Ids(const Cataloger& cataloger, absl::string_view image_path,
                             const std::string& fixture) {
  auto run = ParseFixture(cataloger, image_path, fixture);
  EXPECT_TRUE(run.status.ok()) << fixture << ": " << run.error();
  return PackageIds(run.facts);
}

TEST(AppSharedDataTest, NpmLockVersionsOneTwoThreeAgree) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  NpmLockCataloger lock;
  const char* path = "/app/package-lock.json";
  auto v1 = Ids(lock, path, "nodejs/npm/testdata/package-lock_v1.json");
  EXPECT_THAT(v1, SizeIs(31));
  EXPECT_THAT(v1, IsSupersetOf({"@babel/helper-string-parser@7.19.4", "body-parser@1.18.3",
                                "debug@2.6.9", "debug@2.5.2 dev", "ms@0.7.2 dev", "ms@1.0.0",
                                "promise@8.3.0", "unpipe@1.0.0"}));
  std::set<std::string> expected(v1.begin(), v1.end());
  for (const char* v : {"v2", "v3"}) {
    auto ids = Ids(lock, path, std::string("nodejs/npm/testdata/package-lock_") + v + ".json");
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected) << v;
  }
}

TEST(AppSharedDataTest, NpmLockWorkspacesLicensesAndDev) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  NpmLockCataloger lock;
  const char* path = "/app/package-lock.json";
  EXPECT_THAT(
      Ids(lock, path, "nodejs/npm/testdata/package-lock_v3_with_workspace.json"),
      ::testing::UnorderedElementsAre("debug@2.6.9", "debug@2.5.2", "ms@0.7.2", "ms@2.0.0"));
  EXPECT_THAT(Ids(lock, path, "nodejs/npm/testdata/package-lock_v3_with-same-dev-and-non-dev.json"),
              IsSupersetOf({"minimist@0.0.8", "fsevents@1.2.9 dev", "node-pre-gyp@0.12.0 dev"}));
  auto run =
      ParseFixture(lock, path, "nodejs/npm/testdata/package-lock_v3_with_legacy_licenses.json");
  ASSERT_TRUE(run.status.ok());
  for (const Package& package : run.facts.packages) {
    if (package.name == "tv4") {
      EXPECT_THAT(package.licenses, ::testing::ElementsAre("Public Domain", "MIT"));
    }
  }
}

TEST(AppSharedDataTest, NpmPackageJson) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  NpmPackageJsonCataloger pkg;
  const char* path = "/app/node_modules/x/package.json";
  EXPECT_THAT(Ids(pkg, path, "nodejs/packagejson/testdata/package.json"),
              ::testing::ElementsAre("bootstrap@5.0.2"));
  auto run = ParseFixture(pkg, path, "nodejs/packagejson/testdata/legacy_package.json");
  ASSERT_THAT(run.facts.packages, SizeIs(1));
  EXPECT_EQ(run.facts.packages[0].name, "angular");
  EXPECT_THAT(run.facts.packages[0].licenses, ::testing::ElementsAre("ISC"));
  EXPECT_THAT(Ids(pkg, path, "nodejs/packagejson/testdata/without_version_package.json"),
              ::testing::IsEmpty());
}

TEST(AppSharedDataTest, YarnV1BerryAndAliases) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  YarnLockCataloger yarn;
  auto happy = Ids(yarn, "/app/yarn.lock", "nodejs/yarn/testdata/yarn_happy.lock");
  EXPECT_THAT(happy, SizeIs(18));
  EXPECT_THAT(happy, IsSupersetOf({"@babel/helper-regex@7.4.4", "js-tokens@4.0.0", "lodash@4.17.11",
                                   "strip-ansi@3.0.1", "strip-ansi@4.0.0"}));
  auto berry = Ids(yarn, "/app/yarn.lock", "nodejs/yarn/testdata/yarn_v2_happy.lock");
  EXPECT_THAT(berry, SizeIs(16));
  EXPECT_THAT(berry, IsSupersetOf({"@types/color-name@1.1.1", "assert-plus@1.0.0",
                                   "ipaddr.js@1.9.1", "node-gyp@7.1.0"}));
  EXPECT_THAT(Ids(yarn, "/app/yarn.lock", "nodejs/yarn/testdata/yarn_with_npm.lock"),
              ::testing::ElementsAre("jquery@3.6.0"));
  EXPECT_THAT(Ids(yarn, "/app/yarn.lock", "nodejs/yarn/testdata/yarn_with_local.lock"),
              ::testing::ElementsAre("asap@2.0.6", "jquery@3.4.1", "promise@8.0.3"));
  EXPECT_THAT(
      Ids(yarn, "/app/yarn.lock", "nodejs/yarn/testdata/alias/yarn.lock"),
      IsSupersetOf({"debug@4.3.4", "@types/jsonstream@0.8.33", "ms@2.1.3", "@types/uuid@9.0.7"}));
}

TEST(AppSharedDataTest, PnpmVersionsFiveSixNine) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  PnpmLockCataloger pnpm;
  const char* path = "/app/pnpm-lock.yaml";
  for (const char* file : {"pnpm-lock_normal.yaml", "pnpm-lock_v6.yaml"}) {
    EXPECT_THAT(Ids(pnpm, path, std::string("nodejs/pnpm/testdata/") + file),
                ::testing::ElementsAre("asap@2.0.6", "jquery@3.6.0", "promise@8.1.0"))
        << file;
  }
  EXPECT_THAT(Ids(pnpm, path, "nodejs/pnpm/testdata/pnpm-lock_many.yaml"), SizeIs(134));
  EXPECT_THAT(Ids(pnpm, path, "nodejs/pnpm/testdata/pnpm-lock_with_dev.yaml"),
              IsSupersetOf({"debug@4.3.4 dev", "@babel/runtime@7.18.3"}));
  auto v9 = Ids(pnpm, path, "nodejs/pnpm/testdata/pnpm-lock_v9.yaml");
  EXPECT_THAT(v9, SizeIs(21));
  EXPECT_THAT(v9,
              IsSupersetOf({"await-sleep@0.0.1 dev", "jquery@3.6.0 dev", "lodash@4.17.21 dev",
                            "sleep-utils@1.0.3", "debug@4.3.5", "is-negative@2.0.1", "ms@2.0.0"}));
  EXPECT_THAT(Ids(pnpm, path, "nodejs/pnpm/testdata/pnpm-lock_v9_same-vers-diff-peers.yaml"),
              IsSupersetOf({"jest-resolve@27.5.1 dev", "jest-resolve@30.0.2",
                            "jest-runner@27.5.1 dev", "jest-config@30.0.3"}));
  EXPECT_THAT(Ids(pnpm, path, "nodejs/pnpm/testdata/pnpm-lock_v9_multiple_documents.yaml"),
              ::testing::ElementsAre("is-number@7.0.0"));
}

TEST(AppSharedDataTest, PythonMetadata) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  PythonMetadataCataloger metadata;
  const char* path = "/usr/lib/python3/site-packages/x-1.0.dist-info/METADATA";
  auto run = ParseFixture(metadata, path, "python/packaging/testdata/asyncssh-2.14.2.METADATA");
  ASSERT_THAT(run.facts.packages, SizeIs(1));
  EXPECT_EQ(run.facts.packages[0].version, "2.14.2");
  EXPECT_THAT(run.facts.packages[0].licenses,
              ::testing::ElementsAre("Eclipse Public License v2.0"));
  run = ParseFixture(metadata, path,
                     "python/packaging/testdata/setuptools-51.3.3-py3.8.egg-info.PKG-INFO");
  ASSERT_THAT(run.facts.packages, SizeIs(1));
  EXPECT_THAT(run.facts.packages[0].licenses, ::testing::ElementsAre("MIT License"));
  run = ParseFixture(metadata, path, "python/packaging/testdata/iniconfig-2.0.0.METADATA");
  ASSERT_THAT(run.facts.packages, SizeIs(1));
  EXPECT_THAT(run.facts.packages[0].licenses, ::testing::ElementsAre("MIT"));
  EXPECT_THAT(Ids(metadata, path, "python/packaging/testdata/unidecode-egg-info.PKG-INFO"),
              ::testing::ElementsAre("Unidecode@0.4.1"));
  EXPECT_THAT(Ids(metadata, path, "python/packaging/testdata/distlib-0.3.1-py3.9.egg-info"),
              ::testing::ElementsAre("distlib@0.3.1"));
}

TEST(AppSharedDataTest, PythonLockFiles) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  PipRequirementsCataloger pip;
  EXPECT_THAT(Ids(pip, "/app/requirements.txt", "python/pip/testdata/requirements_flask.txt"),
              ::testing::ElementsAre("click@8.0.0", "Flask@2.0.0", "itsdangerous@2.0.0",
                                     "Jinja2@3.0.0", "MarkupSafe@2.0.0", "Werkzeug@2.0.0"));
  EXPECT_THAT(Ids(pip, "/app/requirements.txt", "python/pip/testdata/requirements_hash.txt"),
              ::testing::ElementsAre("FooProject@1.2", "Jinja2@3.0.0"));
  EXPECT_THAT(Ids(pip, "/app/requirements.txt", "python/pip/testdata/requirements_utf16le.txt"),
              ::testing::ElementsAre("attrs@20.3.0"));
  PipenvLockCataloger pipenv;
  auto pipfile = Ids(pipenv, "/app/Pipfile.lock", "python/pipenv/testdata/Pipfile_normal.lock");
  EXPECT_THAT(pipfile, SizeIs(6));
  EXPECT_THAT(pipfile, IsSupersetOf({"requests@2.21.0", "urllib3@1.24.2", "pyyaml@5.1"}));
  PoetryLockCataloger poetry;
  auto v1 = Ids(poetry, "/app/poetry.lock", "python/poetry/testdata/poetry_flask.lock");
  EXPECT_THAT(v1, SizeIs(15));
  EXPECT_THAT(v1, IsSupersetOf({"atomicwrites@1.4.1 dev", "flask@1.0.3", "werkzeug@3.1.3"}));
  EXPECT_EQ(Ids(poetry, "/app/poetry.lock", "python/poetry/testdata/poetry_v2_flask.lock"), v1);
  UvLockCataloger uv;
  auto uv_ids = Ids(uv, "/app/uv.lock", "python/uv/testdata/uv_normal.lock");
  EXPECT_THAT(uv_ids, SizeIs(20));
  EXPECT_THAT(uv_ids, IsSupersetOf({"httpx@0.28.1", "requests@2.32.0", "orjson@3.10.12",
                                    "pytest@8.3.4 dev", "pluggy@1.5.0 dev"}));
  EXPECT_THAT(uv_ids, ::testing::Not(Contains(::testing::StartsWith("normal@"))));
}

TEST(AppSharedDataTest, RubyPhpDotnet) {
  MOAT_SHARED_DATA_OR_SKIP(root, kParsers);
  GemspecCataloger gemspec;
  const char* spec = "/usr/lib/ruby/gems/3.1.0/specifications/x.gemspec";
  EXPECT_THAT(Ids(gemspec, spec, "ruby/gemspec/testdata/normal00.gemspec"),
              ::testing::ElementsAre("rake@13.0.3"));
  auto run = ParseFixture(gemspec, spec, "ruby/gemspec/testdata/multiple_licenses.gemspec");
  ASSERT_THAT(run.facts.packages, SizeIs(1));
  EXPECT_THAT(run.facts.packages[0].licenses, ::testing::ElementsAre("Ruby", "BSDL", "PSFL"));
  BundlerLockCataloger bundler;
  auto gems = Ids(bundler, "/app/Gemfile.lock", "ruby/bundler/testdata/Gemfile_normal.lock");
  EXPECT_THAT(gems, SizeIs(7));
  EXPECT_THAT(gems, IsSupersetOf({"faker@1.9.3", "pry@0.12.2", "i18n@1.6.0"}));
  EXPECT_THAT(Ids(bundler, "/app/Gemfile.lock", "ruby/bundler/testdata/Gemfile_bundler2.lock"),
              IsSupersetOf({"json@2.6.2", "pry@0.14.1"}));
  ComposerLockCataloger composer;
  auto php = Ids(composer, "/app/composer.lock", "php/composer/testdata/composer_happy.lock");
  EXPECT_THAT(php, SizeIs(10));
  EXPECT_THAT(php, IsSupersetOf({"guzzlehttp/guzzle@6.5.8", "symfony/polyfill-intl-idn@v1.27.0",
                                 "pear/log@1.13.3 dev", "pear/pear_exception@v1.0.2 dev"}));
  DotnetDepsCataloger deps;
  EXPECT_THAT(Ids(deps, "/app/x.deps.json", "dotnet/core_deps/testdata/happy.deps.json"),
              ::testing::ElementsAre("Newtonsoft.Json@13.0.1"));
  EXPECT_THAT(Ids(deps, "/app/x.deps.json", "dotnet/core_deps/testdata/self-contained.deps.json"),
              ::testing::ElementsAre("Newtonsoft.Json@13.0.1"));
  NugetLockCataloger nuget;
  EXPECT_THAT(Ids(nuget, "/app/packages.lock.json", "nuget/lock/testdata/packages_lock_multi.json"),
              SizeIs(40));
  EXPECT_THAT(Ids(nuget, "/app/packages.lock.json",
                  "nuget/lock/testdata/packages_lock_subdependencies.json"),
              IsSupersetOf({"Swashbuckle.AspNetCore@5.5.1", "Microsoft.OpenApi@1.1.4"}));
}

TEST(AppSharedDataTest, InstalledComposerPackages) {
  MOAT_SHARED_DATA_OR_SKIP(root, kAnalyzers);
  ComposerInstalledCataloger installed;
  EXPECT_THAT(Ids(installed, "/app/vendor/composer/installed.json",
                  "php/composer/testdata/composer-vendor/happy/installed.json"),
              ::testing::ElementsAre("pear/log@1.13.3", "pear/pear_exception@v1.0.2"));
}

}  // namespace
}  // namespace moat::inventory
