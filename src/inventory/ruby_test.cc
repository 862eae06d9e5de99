#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inventory/bundler_lock.h"
#include "inventory/gemspec.h"
#include "inventory/ruby_literals.h"
#include "testing/cataloger_runner.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using moat::testing::CatalogerWants;
using moat::testing::FixturePath;
using moat::testing::PackageIds;
using moat::testing::ReadTestFile;
using moat::testing::RunCataloger;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(GemspecTest, WantsSpecificationsOnly) {
  GemspecCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger,
                             "/usr/local/lib/ruby/gems/3.1.0/specifications/rack-2.2.22.gemspec"));
  EXPECT_TRUE(CatalogerWants(
      cataloger, "/usr/lib/ruby/gems/3.1.0/specifications/default/digest-3.1.0.gemspec"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/src/mygem/mygem.gemspec"));
  EXPECT_FALSE(CatalogerWants(cataloger, "/usr/lib/ruby/gems/3.1.0/specifications/x.rb"));
}

TEST(GemspecTest, GeneratedSpecification) {
  GemspecCataloger cataloger;
  auto run = RunCataloger(cataloger, "/g/specifications/rack-2.2.22.gemspec",
                          ReadTestFile(FixturePath("ruby/rack-2.2.22.gemspec")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  ASSERT_EQ(run.facts.packages.size(), 1u);
  const Package& gem = run.facts.packages[0];
  EXPECT_EQ(gem.ecosystem, Ecosystem::kGem);
  EXPECT_EQ(gem.name, "rack");
  EXPECT_EQ(gem.version, "2.2.22");
  EXPECT_THAT(gem.licenses, ElementsAre("MIT"));
  EXPECT_EQ(gem.origin, PackageOrigin::kInstalled);
}

TEST(GemspecTest, PercentLiteralsVersionObjectsAndComments) {
  GemspecCataloger cataloger;
  auto run = RunCataloger(cataloger, "/g/specifications/json-1.8.6.gemspec",
                          ReadTestFile(FixturePath("ruby/json-1.8.6.gemspec")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  EXPECT_THAT(PackageIds(run.facts), ElementsAre("json@1.8.6"));
  EXPECT_THAT(run.facts.packages[0].licenses, ElementsAre("Ruby"));
}

TEST(GemspecTest, ErrorsNameTheFile) {
  GemspecCataloger cataloger;
  const char* path = "/g/specifications/async.gemspec";
  EXPECT_EQ(RunCataloger(cataloger, path, "s.name = \"x\"\n").error(),
            "/g/specifications/async.gemspec: no Gem::Specification.new block");
  // The block variable is `spec`, the assignments use `s`.
  EXPECT_EQ(RunCataloger(cataloger, path,
                         "Gem::Specification.new do |spec|\n  s.name = \"async\".freeze\n"
                         "  s.version = \"1.25.0\"\nend\n")
                .error(),
            "/g/specifications/async.gemspec: no gem name");
  EXPECT_EQ(RunCataloger(cataloger, path,
                         "Gem::Specification.new do |s|\n  s.name = \"async\".freeze\nend\n")
                .error(),
            "/g/specifications/async.gemspec: no gem version");
  EXPECT_EQ(RunCataloger(cataloger, path,
                         "Gem::Specification.new do |s|\n  s.name = \"\".freeze\n"
                         "  s.version = \"3.3.7\"\nend\n")
                .error(),
            "/g/specifications/async.gemspec: no gem name");
}

TEST(RubyLiteralsTest, Literals) {
  EXPECT_THAT(RubyStringLiterals(R"(["Ruby".freeze, "BSD-2-Clause".freeze])"),
              ElementsAre("Ruby", "BSD-2-Clause"));
  EXPECT_THAT(RubyStringLiterals(R"(%q<rack>.freeze, %Q{a\}b}, 'it''s')"),
              ElementsAre("rack", "a}b", "it", "s"));
  EXPECT_THAT(RubyStringLiterals(R"("MIT" # "not this")"), ElementsAre("MIT"));
  EXPECT_THAT(RubyStringLiterals(R"("a\"b")"), ElementsAre("a\"b"));
  EXPECT_THAT(RubyStringLiterals(R"("unterminated)"), IsEmpty());
  EXPECT_THAT(RubyStringLiterals("%q"), IsEmpty());
}

TEST(BundlerLockTest, GemSectionSpecsWithoutPlatforms) {
  BundlerLockCataloger cataloger;
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/Gemfile.lock"));
  EXPECT_TRUE(CatalogerWants(cataloger, "/app/gems.locked"));
  auto run =
      RunCataloger(cataloger, "/app/Gemfile.lock", ReadTestFile(FixturePath("ruby/Gemfile.lock")));
  ASSERT_TRUE(run.status.ok()) << run.status;
  // GIT and PATH gems are not from the registry; nokogiri is listed once per platform.
  EXPECT_THAT(PackageIds(run.facts),
              ElementsAre("concurrent-ruby@1.2.2", "i18n@1.14.1", "loofah@2.21.4", "crass@1.0.6",
                          "nokogiri@1.15.4", "racc@1.7.1", "rack@2.2.8", "rails@7.0.8"));
  EXPECT_EQ(run.facts.packages[0].origin, PackageOrigin::kLockfile);
  EXPECT_EQ(run.facts.packages[0].ecosystem, Ecosystem::kGem);
}

TEST(BundlerLockTest, NotALockFile) {
  BundlerLockCataloger cataloger;
  EXPECT_EQ(RunCataloger(cataloger, "/app/Gemfile.lock", "malformed").error(),
            "/app/Gemfile.lock: no GEM, GIT, PATH or DEPENDENCIES section");
}

}  // namespace
}  // namespace moat::inventory
