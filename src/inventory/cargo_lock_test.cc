#include "inventory/cargo_lock.h"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using ::testing::ElementsAre;

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

std::vector<std::string> Parse(const std::string& text) {
  absl::StatusOr<CargoLock> lock = ParseCargoLock(text);
  EXPECT_TRUE(lock.ok()) << lock.status();
  return lock.ok() ? Coordinates(lock->packages) : std::vector<std::string>{};
}

TEST(CargoLockTest, EveryFormatVersion) {
  EXPECT_THAT(Parse(ReadFile(testing::FixturePath("rust/Cargo.lock"))),
              ElementsAre("autocfg@1.1.0", "demo-cli@0.3.1", "memchr@2.5.0", "regex@1.7.1",
                          "serde@1.0.136", "serde@1.0.152", "tokio@1.25.0"));
  EXPECT_THAT(Parse(ReadFile(testing::FixturePath("rust/Cargo-v1.lock"))),
              ElementsAre("libc@0.2.54", "old-app@0.1.0"));
  EXPECT_THAT(Parse(ReadFile(testing::FixturePath("rust/Cargo-v4.lock"))),
              ElementsAre("hello@0.1.0", "smallvec@1.13.2"));
  EXPECT_THAT(Parse("version = 3\n"), ElementsAre());
  EXPECT_THAT(Parse(""), ElementsAre());
}

TEST(CargoLockTest, PackagesAreCargoLockfileEntries) {
  absl::StatusOr<CargoLock> lock = ParseCargoLock("[[package]]\nname = \"a\"\nversion = \"1\"\n");
  ASSERT_TRUE(lock.ok());
  ASSERT_EQ(lock->packages.size(), 1u);
  EXPECT_EQ(lock->packages[0].ecosystem, Ecosystem::kCargo);
  EXPECT_EQ(lock->packages[0].origin, PackageOrigin::kLockfile);
}

TEST(CargoLockTest, IncompleteEntriesAreSkippedWithWarnings) {
  image::FileRecord file;
  file.path = "/src/Cargo.lock";
  std::string text =
      "[[package]]\nname = \"a\"\n\n[[package]]\nversion = \"2\"\n\n[[package]]\nname = \"c\"\n"
      "version = 3\n\n[[package]]\nname = \"d\"\nversion = \"4.0.0\"\n";
  FileFacts facts;
  ASSERT_TRUE(CargoLockCataloger().Parse(FileInput{0, file, text, 0}, &facts).ok());
  EXPECT_THAT(Coordinates(facts.packages), ElementsAre("d@4.0.0"));
  EXPECT_THAT(facts.warnings,
              ElementsAre("/src/Cargo.lock: cargo-lock: package 1 has no version; skipped",
                          "/src/Cargo.lock: cargo-lock: package 2 has no name; skipped",
                          "/src/Cargo.lock: cargo-lock: package 3 has no version; skipped"));
}

TEST(CargoLockTest, InvalidTomlHasExactErrors) {
  struct Case {
    std::string text, error;
  } cases[] = {
      {"[[package]]\nname = \"a\"\nversion =\n",
       "line 3, column 10: Error while parsing key-value pair: expected value, saw '\\n'"},
      {"package = \"x\"\n", "\"package\" is not an array of tables"},
      {"package = [1, 2]\n", "\"package\" is not an array of tables"},
      {"[package]\nname = \"a\"\n", "\"package\" is not an array of tables"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseCargoLock(c.text).status().message(), c.error) << c.text;
  }
  std::string deep(10000, '[');
  EXPECT_FALSE(ParseCargoLock("a = " + deep).ok());
}

TEST(CargoLockTest, WantsCargoLockFiles) {
  CargoLockCataloger cataloger;
  image::FileRecord file;
  file.path = "/app/Cargo.lock";
  EXPECT_TRUE(cataloger.Wants(file));
  file.path = "/app/cargo.lock";
  EXPECT_FALSE(cataloger.Wants(file));
  file.path = "/app/Cargo.toml";
  EXPECT_FALSE(cataloger.Wants(file));
}

TEST(CargoLockTest, TrivyFixtures) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "trivy-parser-fixtures/pkg/dependency/parser/rust/cargo/testdata");
  EXPECT_THAT(Parse(ReadFile(dir + "/cargo_normal.lock")),
              ElementsAre("libc@0.2.54", "normal@0.1.0", "unsafe-any@0.4.2", "typemap@0.3.3",
                          "idna@0.1.5", "matches@0.1.8", "percent-encoding@1.0.1", "url@1.7.2"));
  std::vector<std::string> mixed = Parse(ReadFile(dir + "/cargo_mixed.lock"));
  EXPECT_THAT(
      mixed, ElementsAre("libc@0.2.54", "unsafe-any@0.4.2", "normal@0.1.0", "url@1.7.2",
                         "idna@0.1.5", "matches@0.1.8", "percent-encoding@1.0.1", "typemap@0.3.3"));
  EXPECT_THAT(Parse(ReadFile(dir + "/cargo_v3.lock")),
              ElementsAre("aho-corasick@0.7.20", "app@0.1.0", "libc@0.2.140", "memchr@1.0.2",
                          "memchr@2.5.0", "regex@1.7.3", "regex-syntax@0.5.6",
                          "regex-syntax@0.6.29", "ucd-util@0.1.10"));
  absl::StatusOr<CargoLock> invalid = ParseCargoLock(ReadFile(dir + "/cargo_invalid.lock"));
  EXPECT_FALSE(invalid.ok());
}

}  // namespace
}  // namespace moat::inventory
