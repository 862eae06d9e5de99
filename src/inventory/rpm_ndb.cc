// ReadRpmNdb: rpm's ndb package store, Packages.db (openSUSE, SLES 15+). The layout, from
// rpm's lib/backend/ndb/rpmpkg.c, all little-endian:
//   header (32 bytes): "RpmP", version 0, generation, slot page count, next package index
//   slot pages (4096 bytes each; the header takes the first two 16-byte slots):
//     "Slot", package index, block offset, block count (blocks of 16 bytes; offset 0 = free)
//   blobs at offset*16: "BlbS", package index, timestamp, length, the header blob, padding,
//     then adler32 (of everything before it), length, "BlbE" in the last 12 bytes.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"
#include "inventory/rpm.h"

namespace moat::inventory {
namespace {

constexpr uint32_t Magic(const char (&tag)[5]) {
  return static_cast<uint32_t>(static_cast<unsigned char>(tag[0])) |
         static_cast<uint32_t>(static_cast<unsigned char>(tag[1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(tag[2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(tag[3])) << 24;
}

constexpr uint32_t kDbMagic = Magic("RpmP");
constexpr uint32_t kSlotMagic = Magic("Slot");
constexpr uint32_t kHeadMagic = Magic("BlbS");
constexpr uint32_t kTailMagic = Magic("BlbE");
constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kBlockSize = 16;
constexpr uint64_t kHeadSize = 16;
constexpr uint64_t kTailSize = 12;

uint32_t Le32(absl::string_view data, uint64_t offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data() + offset);
  return p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
}

struct Slot {
  uint32_t index = 0;
  uint64_t offset = 0;  // bytes
  uint64_t size = 0;    // bytes
};

absl::Status ReadSlots(absl::string_view data, std::vector<Slot>* slots, WarningList& warnings) {
  uint64_t pages = Le32(data, 12);
  if (pages == 0 || pages > data.size() / kPageSize) {
    return absl::InvalidArgumentError(absl::StrCat("slot pages (", pages, ") beyond the file"));
  }
  uint64_t first_block = pages * kPageSize / kBlockSize;
  for (uint64_t at = 32; at < pages * kPageSize; at += 16) {
    if (Le32(data, at) != kSlotMagic) {
      return absl::InvalidArgumentError(absl::StrCat("bad slot at offset ", at));
    }
    Slot slot{Le32(data, at + 4), Le32(data, at + 8) * kBlockSize,
              Le32(data, at + 12) * kBlockSize};
    if (slot.offset == 0) continue;  // free
    if (slot.index == 0 || slot.size < kHeadSize + kTailSize ||
        slot.offset < first_block * kBlockSize || slot.offset + slot.size > data.size()) {
      warnings.Add(absl::StrCat("slot at offset ", at, ": blob outside the file"));
      continue;
    }
    slots->push_back(slot);
  }
  return absl::OkStatus();
}

// The header blob of `slot`, or "" with a warning when its frame or checksum is wrong.
absl::string_view ReadBlob(absl::string_view data, const Slot& slot, WarningList& warnings) {
  uint64_t at = slot.offset;
  uint64_t length = Le32(data, at + 12);
  uint64_t tail = at + slot.size - kTailSize;
  std::string where = absl::StrCat("package ", slot.index, ": ");
  if (Le32(data, at) != kHeadMagic || Le32(data, at + 4) != slot.index ||
      (kHeadSize + length + kTailSize + kBlockSize - 1) / kBlockSize * kBlockSize != slot.size ||
      Le32(data, tail + 4) != length || Le32(data, tail + 8) != kTailMagic) {
    warnings.Add(absl::StrCat(where, "bad blob frame"));
    return absl::string_view();
  }
  uLong sum = adler32(1L, reinterpret_cast<const Bytef*>(data.data() + at), tail - at);
  if (sum != Le32(data, tail)) {
    warnings.Add(absl::StrCat(where, "blob checksum mismatch"));
    return absl::string_view();
  }
  return data.substr(at + kHeadSize, length);
}

}  // namespace

absl::Status ReadRpmNdb(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings) {
  if (data.size() < 32 || Le32(data, 0) != kDbMagic) {
    return absl::InvalidArgumentError("not an ndb Packages.db (no RpmP magic)");
  }
  if (uint32_t version = Le32(data, 4); version != 0) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported ndb version ", version));
  }
  std::vector<Slot> slots;
  if (absl::Status status = ReadSlots(data, &slots, warnings); !status.ok()) return status;
  // In file order, and no blob may overlap the one before: every byte is read at most once.
  std::sort(slots.begin(), slots.end(),
            [](const Slot& a, const Slot& b) { return a.offset < b.offset; });
  uint64_t end = 0;
  for (const Slot& slot : slots) {
    if (slot.offset < end) {
      warnings.Add(absl::StrCat("package ", slot.index, ": blob overlaps another"));
      continue;
    }
    end = slot.offset + slot.size;
    absl::string_view blob = ReadBlob(data, slot, warnings);
    if (!blob.empty()) visit(blob);
  }
  return absl::OkStatus();
}

}  // namespace moat::inventory
