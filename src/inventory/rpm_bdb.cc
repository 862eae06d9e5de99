// ReadRpmBdb: the Berkeley DB hash database rpm used up to 4.15 ("Packages": RHEL/CentOS 7
// and 8, Amazon Linux 2, SLES 12). Key = package number (4 bytes), value = header blob,
// usually on overflow pages. Layout facts (Berkeley DB's db_page.h):
//   metadata page 0: magic 0x061561 at 12 (its byte order is the file's), version at 16,
//     page size at 20, encryption algorithm byte at 24, last page number at 32
//   every page: page number at 8, next page at 16, entry count (u16) at 20, high-free offset
//     (u16, for overflow pages: bytes used) at 22, page type at 25, entry offsets from 26
//   hash pages (type 13, or 2 unsorted): entries alternate key, value; an item starts with
//     its type: 1 = inline data, 3 = off-page (page number at +4, total length at +8)
//   overflow pages (type 7): data from offset 26, chained by the next-page field
// We scan every page once instead of walking buckets, so no bucket chain can loop, and we
// bound every overflow chain by its declared length, the page count and the file size.
#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "inventory/rpm.h"

namespace moat::inventory {
namespace {

constexpr uint32_t kHashMagic = 0x061561;
constexpr uint32_t kBtreeMagic = 0x053162;
constexpr uint8_t kPageHashUnsorted = 2;
constexpr uint8_t kPageOverflow = 7;
constexpr uint8_t kPageHash = 13;
constexpr uint8_t kItemData = 1;
constexpr uint8_t kItemOffPage = 3;
constexpr size_t kPageHeader = 26;

class BdbFile {
 public:
  explicit BdbFile(absl::string_view data) : data_(data) {}

  absl::Status Open();
  // Calls `visit` for every value stored under a new, non-zero key.
  void ForEachValue(RpmBlobVisitor visit, WarningList& warnings);

 private:
  uint32_t U32(absl::string_view bytes, size_t at) const {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    uint32_t le = p[0] | p[1] << 8 | p[2] << 16 | static_cast<uint32_t>(p[3]) << 24;
    return big_endian_ ? __builtin_bswap32(le) : le;
  }
  uint16_t U16(absl::string_view bytes, size_t at) const {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + at);
    return big_endian_ ? static_cast<uint16_t>(p[0] << 8 | p[1])
                       : static_cast<uint16_t>(p[1] << 8 | p[0]);
  }
  absl::string_view Page(uint32_t number) const {
    return data_.substr(static_cast<size_t>(number) * page_size_, page_size_);
  }
  // Item `index` of a hash page with `entries` entries; false when its offsets are bad.
  bool Item(absl::string_view page, uint32_t index, uint32_t entries,
            absl::string_view* item) const;
  // Appends the `length` bytes of the overflow chain starting at `first` to `out`.
  absl::Status ReadOverflow(uint32_t first, uint32_t length, std::string* out);
  void VisitPage(uint32_t number, RpmBlobVisitor visit, WarningList& warnings);

  absl::string_view data_;
  bool big_endian_ = false;
  uint32_t page_size_ = 0;
  uint32_t pages_ = 0;
  uint64_t overflow_budget_ = 0;  // bytes overflow chains may still produce
  std::string value_;
  absl::flat_hash_set<std::string> keys_;
};

absl::Status BdbFile::Open() {
  if (data_.size() < 512) return absl::InvalidArgumentError("not a Berkeley DB file (too short)");
  uint32_t magic = U32(data_, 12);
  if (magic != kHashMagic && __builtin_bswap32(magic) == kHashMagic) big_endian_ = true;
  magic = U32(data_, 12);
  if (magic == kBtreeMagic || __builtin_bswap32(magic) == kBtreeMagic) {
    return absl::InvalidArgumentError("a Berkeley DB btree, not rpm's hash Packages database");
  }
  if (magic != kHashMagic) return absl::InvalidArgumentError("not a Berkeley DB hash database");
  uint32_t version = U32(data_, 16);
  if (version < 8 || version > 10) {
    return absl::InvalidArgumentError(absl::StrCat("unsupported hash version ", version));
  }
  page_size_ = U32(data_, 20);
  if (page_size_ < 512 || page_size_ > 65536 || (page_size_ & (page_size_ - 1)) != 0) {
    return absl::InvalidArgumentError(absl::StrCat("invalid page size ", page_size_));
  }
  if (data_[24] != 0) return absl::InvalidArgumentError("encrypted database");
  uint64_t last = U32(data_, 32);
  pages_ = static_cast<uint32_t>(std::min<uint64_t>(last + 1, data_.size() / page_size_));
  overflow_budget_ = static_cast<uint64_t>(data_.size()) * 2;
  return absl::OkStatus();
}

bool BdbFile::Item(absl::string_view page, uint32_t index, uint32_t entries,
                   absl::string_view* item) const {
  uint32_t begin = U16(page, kPageHeader + 2 * index);
  uint32_t end = index == 0 ? page_size_ : U16(page, kPageHeader + 2 * (index - 1));
  if (begin < kPageHeader + 2 * entries || begin >= end || end > page_size_) return false;
  *item = page.substr(begin, end - begin);
  return true;
}

absl::Status BdbFile::ReadOverflow(uint32_t first, uint32_t length, std::string* out) {
  out->clear();
  if (length > overflow_budget_)
    return absl::InvalidArgumentError("overflow data exceeds the file");
  overflow_budget_ -= length;
  out->reserve(length);
  uint32_t number = first;
  for (uint32_t hops = 0; out->size() < length; ++hops) {
    if (number == 0 || number >= pages_ || hops >= pages_) {
      return absl::InvalidArgumentError(absl::StrCat("broken overflow chain at page ", number));
    }
    absl::string_view page = Page(number);
    uint32_t used = U16(page, 22);
    if (U32(page, 8) != number || static_cast<uint8_t>(page[25]) != kPageOverflow || used == 0 ||
        used > page_size_ - kPageHeader || used > length - out->size()) {
      return absl::InvalidArgumentError(absl::StrCat("bad overflow page ", number));
    }
    out->append(page.data() + kPageHeader, used);
    number = U32(page, 16);
  }
  return absl::OkStatus();
}

void BdbFile::VisitPage(uint32_t number, RpmBlobVisitor visit, WarningList& warnings) {
  absl::string_view page = Page(number);
  uint8_t type = static_cast<uint8_t>(page[25]);
  if (U32(page, 8) != number || (type != kPageHash && type != kPageHashUnsorted)) return;
  uint32_t entries = U16(page, 20);
  if (entries > (page_size_ - kPageHeader) / 2) {
    warnings.Add(absl::StrCat("page ", number, ": bad entry count"));
    return;
  }
  for (uint32_t i = 0; i + 1 < entries; i += 2) {
    absl::string_view key, value;
    if (!Item(page, i, entries, &key) || !Item(page, i + 1, entries, &value)) {
      warnings.Add(absl::StrCat("page ", number, ": bad item offsets"));
      return;
    }
    if (static_cast<uint8_t>(key[0]) != kItemData) continue;
    key.remove_prefix(1);
    if (key.find_first_not_of('\0') == absl::string_view::npos) continue;  // rpm's counter
    if (!keys_.insert(std::string(key)).second) continue;
    uint8_t kind = static_cast<uint8_t>(value[0]);
    if (kind == kItemData) {
      visit(value.substr(1));
    } else if (kind == kItemOffPage && value.size() >= 12) {
      absl::Status status = ReadOverflow(U32(value, 4), U32(value, 8), &value_);
      if (status.ok()) {
        visit(value_);
      } else {
        warnings.Add(absl::StrCat("page ", number, ": ", status.message()));
      }
    } else {
      warnings.Add(absl::StrCat("page ", number, ": unsupported item type ", kind));
    }
  }
}

void BdbFile::ForEachValue(RpmBlobVisitor visit, WarningList& warnings) {
  for (uint32_t number = 1; number < pages_; ++number) VisitPage(number, visit, warnings);
}

}  // namespace

absl::Status ReadRpmBdb(absl::string_view data, RpmBlobVisitor visit, WarningList& warnings) {
  BdbFile file(data);
  if (absl::Status status = file.Open(); !status.ok()) return status;
  file.ForEachValue(visit, warnings);
  return absl::OkStatus();
}

}  // namespace moat::inventory
