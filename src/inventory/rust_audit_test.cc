#include "inventory/rust_audit.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/elf_builder.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using ::moat::testing::ElfBuilder;
using ::testing::ElementsAre;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Compress(const std::string& text) {
  uLongf size = compressBound(text.size());
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size,
            reinterpret_cast<const Bytef*>(text.data()), text.size(), 9);
  out.resize(size);
  return out;
}

std::string ElfWithDeps(const std::string& section) {
  ElfBuilder b(true, false);
  uint64_t at = b.Append(section, 1);
  b.AddSection(".dep-v0", at, section.size());
  return b.Build();
}

std::vector<std::string> Coordinates(const std::vector<Package>& packages) {
  std::vector<std::string> out;
  for (const Package& p : packages) out.push_back(p.name + "@" + p.version);
  return out;
}

struct Parsed {
  absl::Status status;
  FileFacts facts;
};

Parsed ParseBinary(const std::string& data) {
  image::FileRecord file;
  file.path = "/usr/local/bin/tool";
  file.mode = 0755;
  file.size = static_cast<int64_t>(data.size());
  Parsed out;
  out.status = RustAuditCataloger().Parse(FileInput{0, file, data, 1 << 20}, &out.facts);
  return out;
}

TEST(RustAuditTest, ObjcopyFixtureListsRuntimeCratesWithRoot) {
  Parsed r = ParseBinary(ReadFile(testing::FixturePath("rust/auditable-hello")));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages), ElementsAre("hello-audit@0.2.0", "smallvec@1.13.2",
                                                         "time@0.3.20", "time-core@0.1.0"));
  for (const Package& p : r.facts.packages) {
    EXPECT_EQ(p.ecosystem, Ecosystem::kCargo);
    EXPECT_EQ(p.origin, PackageOrigin::kBinary);
  }
}

TEST(RustAuditTest, BinariesWithoutDependencyDataYieldNothing) {
  ElfBuilder plain(true, false);
  plain.Append("code");
  for (const std::string& data : {plain.Build(), ReadFile(testing::FixturePath("go/hello-go1.19")),
                                  std::string("#!/bin/sh\n"),
                                  std::string("\x7f"
                                              "ELF\x02",
                                              5),
                                  std::string()}) {
    Parsed r = ParseBinary(data);
    EXPECT_TRUE(r.status.ok()) << r.status;
    EXPECT_TRUE(r.facts.packages.empty());
  }
}

TEST(RustAuditTest, BrokenDependencyDataHasExactErrors) {
  std::string good = Compress("{\"packages\":[]}");
  struct Case {
    std::string section, error;
  } cases[] = {
      {"not zlib at all", "cannot inflate .dep-v0: incorrect header check"},
      {good.substr(0, good.size() - 3), "cannot inflate .dep-v0: data is truncated"},
      {Compress("{\"packages\": {}}"), ".dep-v0 has no \"packages\" array"},
      {Compress("[1,2]"), ".dep-v0 has no \"packages\" array"},
  };
  for (const Case& c : cases) {
    Parsed r = ParseBinary(ElfWithDeps(c.section));
    EXPECT_EQ(r.status.message(), c.error);
  }
  Parsed bad_json = ParseBinary(ElfWithDeps(Compress("{\"packages\": [")));
  EXPECT_THAT(std::string(bad_json.status.message()), ::testing::StartsWith(".dep-v0"));
}

TEST(RustAuditTest, InflatedSizeIsCapped) {
  std::string huge = "{\"packages\":[],\"pad\":\"" + std::string(kMaxRustAuditSize, 'a') + "\"}";
  EXPECT_EQ(ParseRustAuditData(Compress(huge)).status().message(),
            ".dep-v0 inflates past 8388608 bytes");
}

TEST(RustAuditTest, SkipsMalformedEntries) {
  absl::StatusOr<std::vector<Package>> packages = ParseRustAuditData(Compress(
      "{\"packages\":[1,{\"name\":\"a\"},{\"version\":\"1\"},{\"name\":\"b\",\"version\":\"2\","
      "\"kind\":\"build\"},{\"name\":\"c\",\"version\":3},{\"name\":\"d\",\"version\":\"4\"}]}"));
  ASSERT_TRUE(packages.ok()) << packages.status();
  EXPECT_THAT(Coordinates(*packages), ElementsAre("d@4"));
}

TEST(RustAuditTest, TrivyFixture) {
  MOAT_SHARED_DATA_OR_SKIP(dir, "trivy-parser-fixtures/pkg/dependency/parser/rust/binary/testdata");
  Parsed r = ParseBinary(ReadFile(dir + "/test.elf"));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_THAT(Coordinates(r.facts.packages),
              ElementsAre("crate_with_features@0.1.0", "library_crate@0.1.0"));
}

}  // namespace
}  // namespace moat::inventory
