// Builds small synthetic ELF files for binary-cataloger tests: one writable PT_LOAD segment
// mapping the whole file at kBase, and named PROGBITS sections.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace moat::testing {

class ElfBuilder {
 public:
  static constexpr uint64_t kBase = 0x400000;  // virtual address of file offset 0
  static constexpr uint64_t kBodyOffset = 0x1000;

  ElfBuilder(bool is_64bit, bool big_endian) : is_64bit_(is_64bit), big_endian_(big_endian) {}

  // Appends `bytes` to the body, aligned to `align`; returns their file offset.
  uint64_t Append(std::string_view bytes, size_t align = 16);
  // A pointer-sized word in the file's byte order.
  std::string Word(uint64_t value) const;
  // Declares a section over bytes already appended.
  void AddSection(std::string name, uint64_t offset, uint64_t size);
  // Whether Build() writes the program header (default true).
  void set_segment(bool on) { segment_ = on; }

  std::string Build() const;

 private:
  std::string Uint(uint64_t value, int width) const;

  bool is_64bit_;
  bool big_endian_;
  bool segment_ = true;
  std::string body_;
  struct Section {
    std::string name;
    uint64_t offset, size;
  };
  std::vector<Section> sections_;
};

}  // namespace moat::testing
