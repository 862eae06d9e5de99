#include "vulndb/advisory_codec.h"

#include <zlib.h>

#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::vulndb {
namespace {

// Body layouts; bump when a field is added (old readers then refuse via the schema version).
constexpr uint8_t kAdvisoryRaw = 1;
constexpr uint8_t kAdvisoryZlib = 2;
constexpr uint8_t kAffectedV1 = 1;
// Inflating at every lookup doubled the cost of a hit (docs/design/vulndb.md), and the bundle is
// zstd-compressed as a whole anyway: only unusually large advisories are deflated, to keep rows
// small.
constexpr size_t kCompressThreshold = 4096;
// A decoded advisory is never larger than this; a bigger declared size is damage.
constexpr uint64_t kMaxAdvisoryBytes = 16 << 20;
constexpr uint64_t kMaxCount = 1 << 20;

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<uint8_t>(v));
  }
  void Str(absl::string_view s) {
    Varint(s.size());
    out_.append(s.data(), s.size());
  }
  void Strings(const std::vector<std::string>& list) {
    Varint(list.size());
    for (const std::string& s : list) Str(s);
  }
  void Double(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(bits >> (8 * i)));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

// Every read checks the remaining length; the first failure sticks and later reads yield zeros.
class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {}
  uint8_t U8() {
    if (pos_ >= in_.size()) return Fail();
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Fail();
      uint8_t b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  std::string Str() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  void SkipStr() {
    uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) return static_cast<void>(Fail());
    pos_ += n;
  }
  uint64_t Count() {
    uint64_t n = Varint();
    // Each element takes at least one byte, which bounds allocations by the input size.
    if (n > kMaxCount || n > in_.size() - pos_) return Fail();
    return n;
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> list(Count());
    for (std::string& s : list) s = Str();
    return list;
  }
  double Double() {
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(U8()) << (8 * i);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == in_.size(); }
  absl::string_view rest() const { return in_.substr(pos_); }

 private:
  uint8_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  absl::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

void WriteAdvisoryFields(const Advisory& a, Writer& w) {
  w.Str(a.id);
  w.Strings(a.aliases);
  w.Str(a.summary);
  w.Str(a.details);
  w.Strings(a.references);
  w.Varint(a.cvss.size());
  for (const CvssScore& c : a.cvss) {
    w.Str(c.version);
    w.Str(c.vector);
    w.Double(c.base_score);
    w.Str(c.source);
  }
  w.Str(a.severity);
  w.Str(a.published);
  w.Str(a.modified);
  w.Str(a.source);
  w.U8(a.withdrawn ? 1 : 0);
}

void ReadAdvisoryFields(Reader& r, AdvisoryFields fields, Advisory& a) {
  bool all = fields == AdvisoryFields::kAll;
  auto optional = [&](std::string& field) {
    if (all) {
      field = r.Str();
    } else {
      r.SkipStr();
    }
  };
  a.id = r.Str();
  a.aliases = r.Strings();
  a.summary = r.Str();
  optional(a.details);
  a.references = r.Strings();
  a.cvss.resize(r.Count());
  for (CvssScore& c : a.cvss) {
    c.version = r.Str();
    c.vector = r.Str();
    c.base_score = r.Double();
    c.source = r.Str();
  }
  a.severity = r.Str();
  optional(a.published);
  optional(a.modified);
  a.source = r.Str();
  a.withdrawn = r.U8() != 0;
}

absl::StatusOr<std::string> Inflate(Reader& r) {
  uint64_t size = r.Varint();
  if (!r.ok() || size > kMaxAdvisoryBytes) {
    return absl::DataLossError("advisory record: bad compressed size");
  }
  std::string out(size, '\0');
  uLongf out_len = static_cast<uLongf>(size);
  absl::string_view in = r.rest();
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &out_len,
                      reinterpret_cast<const Bytef*>(in.data()), static_cast<uLong>(in.size()));
  if (rc != Z_OK || out_len != size) {
    return absl::DataLossError(absl::StrCat("advisory record: inflate failed (zlib ", rc, ")"));
  }
  return out;
}

}  // namespace

std::string EncodeAdvisory(const Advisory& advisory, bool compress) {
  Writer fields;
  WriteAdvisoryFields(advisory, fields);
  const std::string& raw = fields.out();
  if (compress && raw.size() >= kCompressThreshold) {
    uLongf bound = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(bound, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &bound,
                  reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                  Z_DEFAULT_COMPRESSION) == Z_OK &&
        bound + 8 < raw.size()) {
      Writer out;
      out.U8(kAdvisoryZlib);
      out.Varint(raw.size());
      out.out().append(packed.data(), bound);
      return std::move(out.out());
    }
  }
  std::string out(1, static_cast<char>(kAdvisoryRaw));
  out += raw;
  return out;
}

absl::StatusOr<Advisory> DecodeAdvisory(absl::string_view bytes, AdvisoryFields fields) {
  Reader head(bytes);
  uint8_t layout = head.U8();
  std::string inflated;
  absl::string_view raw;
  if (layout == kAdvisoryRaw) {
    raw = head.rest();
  } else if (layout == kAdvisoryZlib) {
    MOAT_ASSIGN_OR_RETURN(inflated, Inflate(head));
    raw = inflated;
  } else {
    return absl::DataLossError(absl::StrCat("advisory record: unknown layout ", layout));
  }
  Reader r(raw);
  Advisory advisory;
  ReadAdvisoryFields(r, fields, advisory);
  if (!r.ok() || !r.at_end()) return absl::DataLossError("advisory record: truncated or damaged");
  return advisory;
}

std::string EncodeAffected(const AffectedPackage& affected) {
  Writer w;
  w.U8(kAffectedV1);
  w.U8(static_cast<uint8_t>(affected.state));
  w.Str(affected.vendor_severity);
  w.Strings(affected.versions);
  w.Varint(affected.ranges.size());
  for (const VersionRange& range : affected.ranges) {
    w.U8(static_cast<uint8_t>(range.type));
    w.Varint(range.events.size());
    for (const RangeEvent& event : range.events) {
      w.U8(static_cast<uint8_t>(event.kind));
      w.Str(event.version);
    }
  }
  return std::move(w.out());
}

absl::Status DecodeAffected(absl::string_view bytes, AffectedPackage* affected) {
  Reader r(bytes);
  if (r.U8() != kAffectedV1) return absl::DataLossError("affected record: unknown layout");
  uint8_t state = r.U8();
  if (state > static_cast<uint8_t>(FixState::kNotAffected)) {
    return absl::DataLossError("affected record: bad fix state");
  }
  affected->state = static_cast<FixState>(state);
  affected->vendor_severity = r.Str();
  affected->versions = r.Strings();
  affected->ranges.resize(r.Count());
  for (VersionRange& range : affected->ranges) {
    uint8_t type = r.U8();
    if (type > static_cast<uint8_t>(VersionRange::Type::kSemver)) {
      return absl::DataLossError("affected record: bad range type");
    }
    range.type = static_cast<VersionRange::Type>(type);
    range.events.resize(r.Count());
    for (RangeEvent& event : range.events) {
      uint8_t kind = r.U8();
      if (kind > static_cast<uint8_t>(RangeEvent::Kind::kLimit)) {
        return absl::DataLossError("affected record: bad event kind");
      }
      event.kind = static_cast<RangeEvent::Kind>(kind);
      event.version = r.Str();
    }
  }
  if (!r.ok() || !r.at_end()) return absl::DataLossError("affected record: truncated or damaged");
  return absl::OkStatus();
}

}  // namespace moat::vulndb
