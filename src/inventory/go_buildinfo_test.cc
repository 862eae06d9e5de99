#include "inventory/go_buildinfo.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/elf_builder.h"
#include "testing/paths.h"

namespace moat::inventory {
namespace {

using ::moat::testing::ElfBuilder;

const std::string kMagic("\xff Go buildinf:", 14);
const std::string kModText =
    "path\texample.com/app\n"
    "mod\texample.com/app\t(devel)\t\n"
    "dep\tgithub.com/pkg/errors\tv0.9.1\th1:abc=\n"
    "dep\tgolang.org/x/text\tv0.3.0\n"
    "=>\tgolang.org/x/text\tv0.7.0\th1:def=\n"
    "build\t-ldflags=\"-X main.version=2.0.1\"\n";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string Framed(const std::string& text) {
  return std::string(16, '\x30') + text + std::string(16, '\xf9');
}

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

std::string InlineBlob(const std::string& vers, const std::string& mod) {
  std::string h = kMagic + std::string("\x08\x02", 2) + std::string(16, '\0');
  return h + Varint(vers.size()) + vers + Varint(mod.size()) + mod;
}

// A Go 1.13-1.17 style binary: the header points at Go string headers.
std::string PointerBinary(bool is_64bit, bool big_endian, const std::string& vers,
                          const std::string& mod, int ptr_size_override = 0) {
  ElfBuilder b(is_64bit, big_endian);
  uint64_t vers_data = b.Append(vers), mod_data = b.Append(mod);
  uint64_t vers_hdr = b.Append(b.Word(ElfBuilder::kBase + vers_data) + b.Word(vers.size()));
  uint64_t mod_hdr = b.Append(b.Word(ElfBuilder::kBase + mod_data) + b.Word(mod.size()));
  int ptr_size = is_64bit ? 8 : 4;
  std::string h = kMagic;
  h.push_back(static_cast<char>(ptr_size_override != 0 ? ptr_size_override : ptr_size));
  h.push_back(big_endian ? 1 : 0);
  h += b.Word(ElfBuilder::kBase + vers_hdr) + b.Word(ElfBuilder::kBase + mod_hdr);
  h.resize(32, '\0');
  b.Append(h);
  return b.Build();
}

TEST(GoBuildInfoTest, ReadsRealGo119Binary) {
  std::string data = ReadFile(testing::FixturePath("go/hello-go1.19"));
  ASSERT_GT(data.size(), 100000u);
  absl::StatusOr<GoBuildInfo> info = ReadGoBuildInfo(data);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->go_version, "go1.19.8");
  EXPECT_EQ(info->path, "example.com/fixture");
  EXPECT_EQ(info->main.path, "example.com/fixture");
  EXPECT_EQ(info->main.version, "(devel)");
  ASSERT_EQ(info->deps.size(), 2u);
  EXPECT_EQ(info->deps[0].path, "example.org/dep");
  EXPECT_EQ(info->deps[0].version, "v1.2.3");
  EXPECT_EQ(info->deps[1].path, "example.org/old");
  EXPECT_EQ(info->deps[1].replace_path, "example.org/new");
  EXPECT_EQ(info->deps[1].replace_version, "v1.0.0");
  EXPECT_EQ(GoSetting(*info, "-ldflags"), "-s -w -X main.version=1.4.2");
  EXPECT_EQ(GoSetting(*info, "GOOS"), "linux");
}

TEST(GoBuildInfoTest, ReadsInlineFormatFromSection) {
  ElfBuilder b(true, false);
  b.Append(std::string(40, 'x'));
  std::string blob = InlineBlob("go1.21.3", Framed(kModText));
  uint64_t at = b.Append(blob);
  b.AddSection(".go.buildinfo", at, blob.size());
  b.set_segment(false);
  absl::StatusOr<GoBuildInfo> info = ReadGoBuildInfo(b.Build());
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->go_version, "go1.21.3");
  ASSERT_EQ(info->deps.size(), 2u);
  EXPECT_EQ(info->deps[0].sum, "h1:abc=");
  EXPECT_EQ(info->deps[1].replace_version, "v0.7.0");
}

TEST(GoBuildInfoTest, ReadsPointerFormatInEveryLayout) {
  for (bool is_64bit : {true, false}) {
    for (bool big_endian : {false, true}) {
      absl::StatusOr<GoBuildInfo> info =
          ReadGoBuildInfo(PointerBinary(is_64bit, big_endian, "go1.16.15", Framed(kModText)));
      ASSERT_TRUE(info.ok()) << info.status() << " 64=" << is_64bit << " be=" << big_endian;
      EXPECT_EQ(info->go_version, "go1.16.15");
      EXPECT_EQ(info->main.path, "example.com/app");
      ASSERT_EQ(info->deps.size(), 2u);
      EXPECT_EQ(info->deps[0].path, "github.com/pkg/errors");
    }
  }
}

TEST(GoBuildInfoTest, ModuleTextWithoutFramingIsIgnored) {
  absl::StatusOr<GoBuildInfo> info = ReadGoBuildInfo(PointerBinary(true, false, "go1.12", "x"));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->go_version, "go1.12");
  EXPECT_TRUE(info->deps.empty());
}

TEST(GoBuildInfoTest, ReadsInlineFormatFromPeAndMachO) {
  for (std::string magic : {std::string("MZ\x90\x00", 4), std::string("\xcf\xfa\xed\xfe", 4)}) {
    std::string file = magic + std::string(44, '\0') + InlineBlob("go1.20", Framed(kModText));
    absl::StatusOr<GoBuildInfo> info = ReadGoBuildInfo(file);
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->go_version, "go1.20");
  }
}

TEST(GoBuildInfoTest, NotAGoBinaryIsNotFound) {
  ElfBuilder b(true, false);
  b.Append("plain C program data");
  std::string misaligned = std::string(3, '\0') + InlineBlob("go1.20", Framed(kModText));
  ElfBuilder m(true, false);
  m.Append(misaligned);
  for (const std::string& data :
       {b.Build(), m.Build(), std::string("#!/bin/sh\necho hi\n"), std::string(), kMagic,
        std::string("\x7f"
                    "ELF\x02\x01",
                    6),
        std::string("MZ") + InlineBlob("go1.2", "")}) {
    EXPECT_TRUE(absl::IsNotFound(ReadGoBuildInfo(data).status())) << ReadGoBuildInfo(data).status();
  }
}

TEST(GoBuildInfoTest, BrokenBlobsHaveExactErrors) {
  std::string inline_blob = InlineBlob("go1.20", Framed(kModText));
  ElfBuilder truncated(true, false);
  truncated.Append(inline_blob.substr(0, 40) + std::string("\xff\xff\xff\x7f", 4));
  ElfBuilder no_version(true, false);
  no_version.Append(InlineBlob("", ""));
  ElfBuilder bad_mod(true, false);
  bad_mod.Append(InlineBlob("go1.20", Framed("dep\tonly-path\n")));
  struct Case {
    std::string data, error;
  } cases[] = {
      {truncated.Build(), "Go build info is truncated"},
      {no_version.Build(), "Go build info has no Go version"},
      {bad_mod.Build(), "Go module info line 1: expected 2 or 3 columns, got 1"},
      {PointerBinary(true, false, "go1.16", "", 3), "Go build info has pointer size 3"},
  };
  for (const Case& c : cases) {
    absl::Status s = ReadGoBuildInfo(c.data).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << s;
    EXPECT_EQ(s.message(), c.error);
  }
}

TEST(GoBuildInfoTest, PointerOutsideTheFileIsAnError) {
  ElfBuilder b(true, false);
  std::string h = kMagic + std::string("\x08\x00", 2) + b.Word(0x7fff0000) + b.Word(0x7fff0000);
  b.Append(h + std::string(16, '\0'));
  EXPECT_EQ(ReadGoBuildInfo(b.Build()).status().message(), "Go build info points outside the file");
}

TEST(GoBuildInfoTest, TruncatedRealBinaryNeverCrashes) {
  std::string data = ReadFile(testing::FixturePath("go/hello-go1.19"));
  for (size_t n = 0; n < data.size(); n += 4093) {
    (void)ReadGoBuildInfo(absl::string_view(data).substr(0, n));
  }
  std::string garbage = data;
  for (size_t i = 0; i < garbage.size(); i += 97) garbage[i] = static_cast<char>(i * 31);
  (void)ReadGoBuildInfo(garbage);
}

TEST(GoModInfoTest, ParsesModulesReplacementsAndSettings) {
  absl::StatusOr<GoBuildInfo> info = ParseGoModInfo(kModText);
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_EQ(info->path, "example.com/app");
  EXPECT_EQ(info->main.version, "(devel)");
  ASSERT_EQ(info->deps.size(), 2u);
  EXPECT_EQ(info->deps[0].version, "v0.9.1");
  EXPECT_EQ(info->deps[0].replace_path, "");
  EXPECT_EQ(info->deps[1].replace_path, "golang.org/x/text");
  EXPECT_EQ(GoSetting(*info, "-ldflags"), "-X main.version=2.0.1");
}

TEST(GoModInfoTest, UnquotesBuildSettings) {
  absl::StatusOr<GoBuildInfo> info = ParseGoModInfo(
      "build\t-tags=\"a b\\tc\\u00e9\\x41\"\nbuild\t\"we=ird\"=`raw \\n`\nbuild\tbad\n"
      "build\tbroken=\"unterminated\nbuild\tCGO_ENABLED=0");
  ASSERT_TRUE(info.ok()) << info.status();
  ASSERT_EQ(info->settings.size(), 3u);
  EXPECT_EQ(info->settings[0].second,
            "a b\tc\xc3\xa9"
            "A");
  EXPECT_EQ(info->settings[1].first, "we=ird");
  EXPECT_EQ(info->settings[1].second, "raw \\n");
  EXPECT_EQ(info->settings[2].first, "CGO_ENABLED");
}

TEST(GoModInfoTest, MalformedLinesHaveExactErrors) {
  struct Case {
    std::string text, error;
  } cases[] = {
      {"mod\ta\tb\tc\td\n", "Go module info line 1: expected 2 or 3 columns, got 4"},
      {"path\tx\n=>\ta\tv1\t\n", "Go module info line 2: replacement with no module before it"},
      {"dep\ta\tv1\n=>\tb\tv2\t\n=>\tc\tv3\t\n",
       "Go module info line 3: replacement with no module before it"},
      {"dep\t\tv1\n", "Go module info line 1: module path is empty"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseGoModInfo(c.text).status().message(), c.error) << c.text;
  }
}

TEST(GoModInfoTest, LdflagsVersion) {
  struct Case {
    std::string flags, version;
  } cases[] = {
      {"-s -w -X main.version=1.4.2", "v1.4.2"},
      {"-X=main.Version=v2.0.0-rc.1", "v2.0.0-rc.1"},
      {"-X 'main.version=1.0.0'", "v1.0.0"},
      {"-X \"main.gitVersion=3.1.4+meta\"", "v3.1.4+meta"},
      {"-X github.com/x/y/cmd/tool.version=0.3", "v0.3"},
      {"-X main.commit=abcdef -X main.version=dev", ""},
      {"-X github.com/x/y/internal.version=1.0.0", ""},
      {"-X main.version=01.2.3", ""},
      {"-X", ""},
      {"", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(GoLdflagsVersion(c.flags), c.version) << c.flags;
}

}  // namespace
}  // namespace moat::inventory
