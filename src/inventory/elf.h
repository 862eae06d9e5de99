// A minimal, bounded ELF reader (32/64-bit, either byte order): enough of the headers to find
// a named section or read bytes at a virtual address, for the Go and Rust binary catalogers.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::inventory {

// Reads an unsigned integer of `width` bytes (1, 2, 4 or 8) at `offset` of `bytes`; false when
// it does not fit.
bool ReadUnsigned(absl::string_view bytes, uint64_t offset, int width, bool big_endian,
                  uint64_t* out);

class ElfFile {
 public:
  // Whether `data` starts with the ELF magic "\x7fELF".
  static bool HasMagic(absl::string_view data);

  // Parses the file, program and section headers of `data`, which is not copied and must
  // outlive the ElfFile. Errors (InvalidArgument) for a missing magic, an unknown class or byte
  // order, and headers that lie outside `data`. Thread-compatible.
  static absl::StatusOr<ElfFile> Parse(absl::string_view data);

  bool is_64bit() const { return is_64bit_; }
  bool big_endian() const { return big_endian_; }
  int pointer_size() const { return is_64bit_ ? 8 : 4; }

  // Contents of the first section called `name`; nullopt when there is none, it has no file
  // contents (SHT_NOBITS) or its contents lie outside the file.
  std::optional<absl::string_view> Section(absl::string_view name) const;

  // The `size` bytes at virtual address `address`, from the file-backed part of the PT_LOAD
  // segment that maps them; nullopt when they are not all mapped.
  std::optional<absl::string_view> ReadVirtual(uint64_t address, uint64_t size) const;

  // File contents of the first loadable segment that is writable and not executable (where the
  // Go linker puts its data when there is no section table); nullopt when there is none.
  std::optional<absl::string_view> FirstDataSegment() const;

 private:
  struct Segment {
    uint32_t type = 0;
    uint32_t flags = 0;
    uint64_t offset = 0;
    uint64_t vaddr = 0;
    uint64_t filesz = 0;
  };
  struct SectionHeader {
    uint32_t name = 0;
    uint32_t type = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
  };

  explicit ElfFile(absl::string_view data) : data_(data) {}
  absl::Status ParseSegments(uint64_t offset, uint64_t count, uint64_t entry_size);
  absl::Status ParseSections(uint64_t offset, uint64_t count, uint64_t entry_size,
                             uint64_t names_index);
  void ReadSectionHeader(uint64_t at, SectionHeader* out) const;
  uint64_t Field(uint64_t offset, int width) const;
  std::optional<absl::string_view> FileRange(uint64_t offset, uint64_t size) const;

  absl::string_view data_;
  bool is_64bit_ = true;
  bool big_endian_ = false;
  std::vector<Segment> segments_;
  std::vector<SectionHeader> sections_;
  absl::string_view section_names_;
};

}  // namespace moat::inventory
