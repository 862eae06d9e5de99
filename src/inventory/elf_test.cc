#include "inventory/elf.h"

#include <string>

#include "gtest/gtest.h"
#include "testing/elf_builder.h"

namespace moat::inventory {
namespace {

using ::moat::testing::ElfBuilder;

TEST(ElfTest, ReadUnsignedHonoursByteOrderAndBounds) {
  uint64_t v = 0;
  ASSERT_TRUE(ReadUnsigned(std::string("\x01\x02\x03\x04", 4), 0, 4, false, &v));
  EXPECT_EQ(v, 0x04030201u);
  ASSERT_TRUE(ReadUnsigned(std::string("\x01\x02\x03\x04", 4), 2, 2, true, &v));
  EXPECT_EQ(v, 0x0304u);
  EXPECT_FALSE(ReadUnsigned("abc", 0, 4, false, &v));
  EXPECT_FALSE(ReadUnsigned("abc", 7, 1, false, &v));
}

TEST(ElfTest, FindsSectionsAndMapsVirtualAddressesInAllLayouts) {
  for (bool is_64bit : {true, false}) {
    for (bool big_endian : {false, true}) {
      ElfBuilder b(is_64bit, big_endian);
      uint64_t at = b.Append("hello section");
      b.AddSection(".note.test", at, 13);
      std::string file = b.Build();
      absl::StatusOr<ElfFile> elf = ElfFile::Parse(file);
      ASSERT_TRUE(elf.ok()) << elf.status();
      EXPECT_EQ(elf->is_64bit(), is_64bit);
      EXPECT_EQ(elf->big_endian(), big_endian);
      EXPECT_EQ(elf->Section(".note.test").value_or("?"), "hello section");
      EXPECT_FALSE(elf->Section(".note").has_value());
      EXPECT_EQ(elf->ReadVirtual(ElfBuilder::kBase + at + 6, 7).value_or("?"), "section");
      EXPECT_FALSE(elf->ReadVirtual(ElfBuilder::kBase + file.size() - 2, 8).has_value());
      EXPECT_FALSE(elf->ReadVirtual(0x10, 1).has_value());
      ASSERT_TRUE(elf->FirstDataSegment().has_value());
      EXPECT_EQ(elf->FirstDataSegment()->size(), file.size());
    }
  }
}

TEST(ElfTest, RejectsMalformedHeadersWithExactErrors) {
  struct Case {
    std::string data;
    std::string error;
  } cases[] = {
      {"MZ\x90\x00", "not an ELF file"},
      {std::string("\x7f"
                   "ELF\x02\x01",
                   6),
       "ELF header is truncated"},
      {std::string("\x7f"
                   "ELF\x03\x01\x01",
                   7) +
           std::string(60, '\0'),
       "unknown ELF class 3"},
      {std::string("\x7f"
                   "ELF\x02\x00\x01",
                   7) +
           std::string(60, '\0'),
       "unknown ELF byte order 0"},
      {std::string("\x7f"
                   "ELF\x02\x01\x01",
                   7) +
           std::string(30, '\0'),
       "ELF header is truncated"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ElfFile> elf = ElfFile::Parse(c.data);
    ASSERT_FALSE(elf.ok());
    EXPECT_EQ(elf.status().message(), c.error);
  }
}

TEST(ElfTest, RejectsTablesOutsideTheFile) {
  ElfBuilder b(true, false);
  b.Append("x");
  std::string file = b.Build();
  std::string bad_ph = file;
  bad_ph[32] = '\x7f';  // e_phoff far beyond the end
  bad_ph[33] = '\x7f';
  EXPECT_EQ(ElfFile::Parse(bad_ph).status().message(), "ELF program headers lie outside the file");
  std::string bad_sh = file;
  bad_sh[60] = '\xff';  // e_shnum = 0x??ff sections
  bad_sh[61] = '\x70';
  EXPECT_EQ(ElfFile::Parse(bad_sh).status().message(), "ELF section headers lie outside the file");
}

TEST(ElfTest, TruncatedRealBinaryNeverCrashes) {
  ElfBuilder b(true, false);
  uint64_t at = b.Append(std::string(100, 'a'));
  b.AddSection(".data", at, 100);
  std::string file = b.Build();
  for (size_t n = 0; n <= file.size(); n += 7) {
    absl::StatusOr<ElfFile> elf = ElfFile::Parse(absl::string_view(file).substr(0, n));
    if (elf.ok()) {
      elf->Section(".data");
      elf->ReadVirtual(ElfBuilder::kBase + at, 100);
      elf->FirstDataSegment();
    }
  }
}

}  // namespace
}  // namespace moat::inventory
