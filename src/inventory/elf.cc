#include "inventory/elf.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::inventory {
namespace {

constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPfExecute = 1;
constexpr uint32_t kPfWrite = 2;
constexpr uint32_t kShtNobits = 8;
constexpr uint64_t kExtendedCount = 0xffff;  // PN_XNUM / SHN_XINDEX: the value is in section 0

// Field offsets that differ between the 32- and 64-bit layouts.
struct Layout {
  uint64_t header_size, phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx;
  uint64_t ph_size, ph_flags, ph_offset, ph_vaddr, ph_filesz;
  uint64_t sh_size, sh_offset, sh_size_field, sh_link, sh_info;
  int word;
};

constexpr Layout kLayout64 = {64, 32, 40, 54, 56, 58, 60, 62, 56, 4,
                              8,  16, 32, 64, 24, 32, 40, 44, 8};
constexpr Layout kLayout32 = {52, 28, 32, 42, 44, 46, 48, 50, 32, 24,
                              4,  8,  16, 40, 16, 20, 24, 28, 4};

// Whether `count` entries of `entry_size` bytes at `offset` fit in `total` bytes.
bool TableFits(uint64_t offset, uint64_t count, uint64_t entry_size, uint64_t total) {
  if (offset > total) return false;
  return entry_size == 0 || count <= (total - offset) / entry_size;
}

}  // namespace

bool ReadUnsigned(absl::string_view bytes, uint64_t offset, int width, bool big_endian,
                  uint64_t* out) {
  if (offset > bytes.size() || bytes.size() - offset < static_cast<uint64_t>(width)) return false;
  uint64_t value = 0;
  for (int i = 0; i < width; ++i) {
    int index = big_endian ? i : width - 1 - i;
    value = (value << 8) | static_cast<unsigned char>(bytes[offset + index]);
  }
  *out = value;
  return true;
}

bool ElfFile::HasMagic(absl::string_view data) {
  return data.substr(0, 4) ==
         "\x7f"
         "ELF";
}

absl::StatusOr<ElfFile> ElfFile::Parse(absl::string_view data) {
  if (!HasMagic(data)) return absl::InvalidArgumentError("not an ELF file");
  if (data.size() < 16) return absl::InvalidArgumentError("ELF header is truncated");
  ElfFile elf(data);
  unsigned char elf_class = static_cast<unsigned char>(data[4]);
  unsigned char byte_order = static_cast<unsigned char>(data[5]);
  if (elf_class != 1 && elf_class != 2) {
    return absl::InvalidArgumentError(absl::StrCat("unknown ELF class ", elf_class));
  }
  if (byte_order != 1 && byte_order != 2) {
    return absl::InvalidArgumentError(absl::StrCat("unknown ELF byte order ", byte_order));
  }
  elf.is_64bit_ = elf_class == 2;
  elf.big_endian_ = byte_order == 2;
  const Layout& l = elf.is_64bit_ ? kLayout64 : kLayout32;
  if (data.size() < l.header_size) return absl::InvalidArgumentError("ELF header is truncated");

  uint64_t shoff = elf.Field(l.shoff, l.word);
  uint64_t shentsize = elf.Field(l.shentsize, 2);
  uint64_t shnum = elf.Field(l.shnum, 2);
  uint64_t shstrndx = elf.Field(l.shstrndx, 2);
  uint64_t phnum = elf.Field(l.phnum, 2);
  // Counts too large for the header live in section 0.
  bool has_first =
      shoff != 0 && shentsize >= l.sh_size && TableFits(shoff, 1, l.sh_size, data.size());
  if (has_first && (shnum == 0 || shstrndx == kExtendedCount || phnum == kExtendedCount)) {
    if (shnum == 0) shnum = elf.Field(shoff + l.sh_size_field, l.word);
    if (shstrndx == kExtendedCount) shstrndx = elf.Field(shoff + l.sh_link, 4);
    if (phnum == kExtendedCount) phnum = elf.Field(shoff + l.sh_info, 4);
  }
  MOAT_RETURN_IF_ERROR(
      elf.ParseSegments(elf.Field(l.phoff, l.word), phnum, elf.Field(l.phentsize, 2)));
  if (shoff != 0) MOAT_RETURN_IF_ERROR(elf.ParseSections(shoff, shnum, shentsize, shstrndx));
  return elf;
}

uint64_t ElfFile::Field(uint64_t offset, int width) const {
  uint64_t value = 0;
  return ReadUnsigned(data_, offset, width, big_endian_, &value) ? value : 0;
}

absl::Status ElfFile::ParseSegments(uint64_t offset, uint64_t count, uint64_t entry_size) {
  const Layout& l = is_64bit_ ? kLayout64 : kLayout32;
  if (count == 0) return absl::OkStatus();
  if (entry_size < l.ph_size || !TableFits(offset, count, entry_size, data_.size())) {
    return absl::InvalidArgumentError("ELF program headers lie outside the file");
  }
  segments_.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t at = offset + i * entry_size;
    Segment s;
    s.type = static_cast<uint32_t>(Field(at, 4));
    s.flags = static_cast<uint32_t>(Field(at + l.ph_flags, 4));
    s.offset = Field(at + l.ph_offset, l.word);
    s.vaddr = Field(at + l.ph_vaddr, l.word);
    s.filesz = Field(at + l.ph_filesz, l.word);
    segments_.push_back(s);
  }
  return absl::OkStatus();
}

void ElfFile::ReadSectionHeader(uint64_t at, SectionHeader* out) const {
  const Layout& l = is_64bit_ ? kLayout64 : kLayout32;
  out->name = static_cast<uint32_t>(Field(at, 4));
  out->type = static_cast<uint32_t>(Field(at + 4, 4));
  out->offset = Field(at + l.sh_offset, l.word);
  out->size = Field(at + l.sh_size_field, l.word);
}

absl::Status ElfFile::ParseSections(uint64_t offset, uint64_t count, uint64_t entry_size,
                                    uint64_t names_index) {
  const Layout& l = is_64bit_ ? kLayout64 : kLayout32;
  if (count == 0) return absl::OkStatus();
  if (entry_size < l.sh_size || !TableFits(offset, count, entry_size, data_.size())) {
    return absl::InvalidArgumentError("ELF section headers lie outside the file");
  }
  sections_.resize(count);
  for (uint64_t i = 0; i < count; ++i) ReadSectionHeader(offset + i * entry_size, &sections_[i]);
  if (names_index < count && sections_[names_index].type != kShtNobits) {
    section_names_ =
        FileRange(sections_[names_index].offset, sections_[names_index].size).value_or("");
  }
  return absl::OkStatus();
}

std::optional<absl::string_view> ElfFile::FileRange(uint64_t offset, uint64_t size) const {
  if (offset > data_.size() || data_.size() - offset < size) return std::nullopt;
  return data_.substr(offset, size);
}

std::optional<absl::string_view> ElfFile::Section(absl::string_view name) const {
  for (const SectionHeader& s : sections_) {
    if (s.name >= section_names_.size()) continue;
    absl::string_view rest = section_names_.substr(s.name);
    size_t end = rest.find('\0');
    if (end == absl::string_view::npos || rest.substr(0, end) != name) continue;
    if (s.type == kShtNobits) return std::nullopt;
    return FileRange(s.offset, s.size);
  }
  return std::nullopt;
}

std::optional<absl::string_view> ElfFile::ReadVirtual(uint64_t address, uint64_t size) const {
  for (const Segment& s : segments_) {
    if (s.type != kPtLoad || address < s.vaddr || address - s.vaddr >= s.filesz) continue;
    uint64_t within = address - s.vaddr;
    if (s.filesz - within < size) return std::nullopt;
    return FileRange(s.offset + within, size);
  }
  return std::nullopt;
}

std::optional<absl::string_view> ElfFile::FirstDataSegment() const {
  for (const Segment& s : segments_) {
    if (s.type == kPtLoad && (s.flags & (kPfExecute | kPfWrite)) == kPfWrite) {
      return FileRange(s.offset, s.filesz);
    }
  }
  return std::nullopt;
}

}  // namespace moat::inventory
