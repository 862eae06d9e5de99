#include "inventory/go_buildinfo.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "inventory/elf.h"

namespace moat::inventory {
namespace {

constexpr absl::string_view kMagic("\xff Go buildinf:", 14);
constexpr size_t kHeaderSize = 32;
constexpr size_t kAlign = 16;
// Go reads this much of the data segment when there is no .go.buildinfo section.
constexpr size_t kDataSearchWindow = 64 * 1024;
constexpr int kFlagBigEndian = 1;
constexpr int kFlagInline = 2;

// The 16-byte aligned build info header in `region`, with everything after it.
std::optional<absl::string_view> FindHeader(absl::string_view region) {
  size_t from = 0;
  while (true) {
    size_t at = region.find(kMagic, from);
    if (at == absl::string_view::npos || region.size() - at < kHeaderSize) return std::nullopt;
    if (at % kAlign == 0) return region.substr(at);
    from = at + 1;
  }
}

// A uvarint-length-prefixed string at *pos; advances *pos.
std::optional<absl::string_view> VarintString(absl::string_view data, size_t* pos) {
  uint64_t length = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*pos >= data.size()) return std::nullopt;
    unsigned char byte = static_cast<unsigned char>(data[(*pos)++]);
    length |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      if (length > data.size() - *pos) return std::nullopt;
      absl::string_view out = data.substr(*pos, length);
      *pos += length;
      return out;
    }
  }
  return std::nullopt;
}

// A Go string header (data pointer, length) at virtual address `address`, resolved.
std::optional<absl::string_view> PointerString(const ElfFile& elf, uint64_t address, int ptr_size,
                                               bool big_endian) {
  std::optional<absl::string_view> header = elf.ReadVirtual(address, 2 * ptr_size);
  uint64_t data_address = 0, length = 0;
  if (!header || !ReadUnsigned(*header, 0, ptr_size, big_endian, &data_address) ||
      !ReadUnsigned(*header, ptr_size, ptr_size, big_endian, &length)) {
    return std::nullopt;
  }
  return elf.ReadVirtual(data_address, length);
}

absl::Status DecodePointers(absl::string_view header, const ElfFile* elf, absl::string_view* vers,
                            absl::string_view* mod) {
  int ptr_size = static_cast<unsigned char>(header[14]);
  bool big_endian = (header[15] & kFlagBigEndian) != 0;
  if (elf == nullptr) return absl::NotFoundError("no Go build info in inline format");
  if (ptr_size != 4 && ptr_size != 8) {
    return absl::InvalidArgumentError(absl::StrCat("Go build info has pointer size ", ptr_size));
  }
  uint64_t vers_address = 0, mod_address = 0;
  ReadUnsigned(header, 16, ptr_size, big_endian, &vers_address);
  ReadUnsigned(header, 16 + ptr_size, ptr_size, big_endian, &mod_address);
  std::optional<absl::string_view> v = PointerString(*elf, vers_address, ptr_size, big_endian);
  std::optional<absl::string_view> m = PointerString(*elf, mod_address, ptr_size, big_endian);
  if (!v || !m) return absl::InvalidArgumentError("Go build info points outside the file");
  *vers = *v;
  *mod = *m;
  return absl::OkStatus();
}

absl::StatusOr<GoBuildInfo> Decode(absl::string_view header, const ElfFile* elf) {
  absl::string_view vers, mod;
  if ((header[15] & kFlagInline) != 0) {
    size_t pos = kHeaderSize;
    std::optional<absl::string_view> v = VarintString(header, &pos);
    std::optional<absl::string_view> m = v ? VarintString(header, &pos) : std::nullopt;
    if (!m) return absl::InvalidArgumentError("Go build info is truncated");
    vers = *v;
    mod = *m;
  } else {
    MOAT_RETURN_IF_ERROR(DecodePointers(header, elf, &vers, &mod));
  }
  if (vers.empty()) return absl::InvalidArgumentError("Go build info has no Go version");
  // Go 1.18+ frames the module text with 16-byte sentinels; older text without them is unused.
  if (mod.size() >= 33 && mod[mod.size() - 17] == '\n') {
    mod = mod.substr(16, mod.size() - 32);
  } else {
    mod = {};
  }
  MOAT_ASSIGN_OR_RETURN(GoBuildInfo info, ParseGoModInfo(mod));
  info.go_version = std::string(vers);
  return info;
}

bool IsPeOrMachO(absl::string_view data) {
  if (data.size() < 4) return false;
  absl::string_view magic = data.substr(0, 4);
  return magic.substr(0, 2) == "MZ" || magic == "\xfe\xed\xfa\xce" || magic == "\xfe\xed\xfa\xcf" ||
         magic == "\xce\xfa\xed\xfe" || magic == "\xcf\xfa\xed\xfe";
}

}  // namespace

absl::StatusOr<GoBuildInfo> ReadGoBuildInfo(absl::string_view data) {
  absl::Status not_go = absl::NotFoundError("no Go build info");
  if (ElfFile::HasMagic(data)) {
    absl::StatusOr<ElfFile> elf = ElfFile::Parse(data);
    if (!elf.ok()) return not_go;
    std::optional<absl::string_view> region = elf->Section(".go.buildinfo");
    if (!region) {
      region = elf->FirstDataSegment();
      if (region) region = region->substr(0, kDataSearchWindow);
    }
    std::optional<absl::string_view> header = region ? FindHeader(*region) : std::nullopt;
    if (!header) return not_go;
    return Decode(*header, &*elf);
  }
  if (!IsPeOrMachO(data)) return not_go;
  std::optional<absl::string_view> header = FindHeader(data);
  if (!header) return not_go;
  return Decode(*header, nullptr);
}

}  // namespace moat::inventory
