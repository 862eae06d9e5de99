#include "testing/elf_builder.h"

namespace moat::testing {

std::string ElfBuilder::Uint(uint64_t value, int width) const {
  std::string out(width, '\0');
  for (int i = 0; i < width; ++i) {
    int index = big_endian_ ? width - 1 - i : i;
    out[index] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
  return out;
}

std::string ElfBuilder::Word(uint64_t value) const { return Uint(value, is_64bit_ ? 8 : 4); }

uint64_t ElfBuilder::Append(std::string_view bytes, size_t align) {
  while (body_.size() % align != 0) body_.push_back('\0');
  uint64_t offset = kBodyOffset + body_.size();
  body_.append(bytes);
  return offset;
}

void ElfBuilder::AddSection(std::string name, uint64_t offset, uint64_t size) {
  sections_.push_back({std::move(name), offset, size});
}

std::string ElfBuilder::Build() const {
  const uint64_t header_size = is_64bit_ ? 64 : 52, ph_size = is_64bit_ ? 56 : 32;
  const uint64_t sh_size = is_64bit_ ? 64 : 40;
  std::string names("\0.shstrtab\0", 11);
  std::vector<uint32_t> name_offsets;
  for (const Section& s : sections_) {
    name_offsets.push_back(static_cast<uint32_t>(names.size()));
    names += s.name;
    names.push_back('\0');
  }
  std::string file(kBodyOffset, '\0');
  file += body_;
  uint64_t names_offset = file.size();
  file += names;
  while (file.size() % 8 != 0) file.push_back('\0');
  uint64_t shoff = file.size();
  auto section = [&](uint32_t name, uint32_t type, uint64_t offset, uint64_t size) {
    std::string h = Uint(name, 4) + Uint(type, 4) + Word(0) + Word(0) + Word(offset) + Word(size);
    h += Uint(0, 4) + Uint(0, 4) + Word(1) + Word(0);
    file += h;
  };
  section(0, 0, 0, 0);
  for (size_t i = 0; i < sections_.size(); ++i) {
    section(name_offsets[i], 1, sections_[i].offset, sections_[i].size);
  }
  section(1, 3, names_offset, names.size());
  uint64_t total = file.size();

  std::string h = std::string(
      "\x7f"
      "ELF",
      4);
  h.push_back(is_64bit_ ? 2 : 1);
  h.push_back(big_endian_ ? 2 : 1);
  h.push_back(1);
  h.resize(16, '\0');
  h += Uint(2, 2) + Uint(62, 2) + Uint(1, 4) + Word(kBase) + Word(segment_ ? header_size : 0) +
       Word(shoff) + Uint(0, 4) + Uint(header_size, 2) + Uint(ph_size, 2) +
       Uint(segment_ ? 1 : 0, 2) + Uint(sh_size, 2) + Uint(sections_.size() + 2, 2) +
       Uint(sections_.size() + 1, 2);
  if (segment_) {
    const uint32_t rw = 6;  // PF_R | PF_W
    if (is_64bit_) {
      h += Uint(1, 4) + Uint(rw, 4) + Word(0) + Word(kBase) + Word(kBase) + Word(total) +
           Word(total) + Word(0x1000);
    } else {
      h += Uint(1, 4) + Word(0) + Word(kBase) + Word(kBase) + Word(total) + Word(total) +
           Uint(rw, 4) + Word(0x1000);
    }
  }
  file.replace(0, h.size(), h);
  return file;
}

}  // namespace moat::testing
