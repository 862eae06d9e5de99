#include "image/decompress.h"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::image {
namespace {

constexpr size_t kInputBuffer = 256 * 1024;

// Reads ahead a few bytes so the format can be sniffed, then hands them out first.
class SniffingStream : public platform::ReadStream {
 public:
  explicit SniffingStream(std::unique_ptr<platform::ReadStream> inner) : inner_(std::move(inner)) {}

  absl::StatusOr<absl::string_view> Peek(size_t n) {
    while (head_.size() < n) {
      char buffer[512];
      MOAT_ASSIGN_OR_RETURN(size_t got,
                            inner_->Read(buffer, std::min(sizeof(buffer), n - head_.size())));
      if (got == 0) break;
      head_.append(buffer, got);
    }
    return absl::string_view(head_);
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    if (pos_ < head_.size()) {
      size_t n = std::min(size, head_.size() - pos_);
      std::memcpy(buffer, head_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->Read(buffer, size);
  }

 private:
  std::unique_ptr<platform::ReadStream> inner_;
  std::string head_;
  size_t pos_ = 0;
};

// Shared by both decompressors: refuses output that outgrows its input by too much.
class RatioGuard {
 public:
  RatioGuard(const CountingStream* counter, const ScanLimits& limits)
      : counter_(counter), limits_(limits) {}
  absl::Status Add(size_t produced) {
    out_ += static_cast<int64_t>(produced);
    if (out_ <= limits_.ratio_floor_bytes) return absl::OkStatus();
    double in = static_cast<double>(std::max<int64_t>(counter_->bytes_read(), 1));
    if (static_cast<double>(out_) > in * limits_.max_decompression_ratio) {
      return absl::ResourceExhaustedError(
          absl::StrCat("decompression bomb: ", out_, " bytes inflated from ",
                       counter_->bytes_read(), " compressed bytes, beyond the ratio limit of ",
                       limits_.max_decompression_ratio, " (--max-decompression-ratio)"));
    }
    return absl::OkStatus();
  }

 private:
  const CountingStream* counter_;
  ScanLimits limits_;
  int64_t out_ = 0;
};

class GzipStream : public platform::ReadStream {
 public:
  GzipStream(std::unique_ptr<platform::ReadStream> inner, RatioGuard guard)
      : inner_(std::move(inner)),
        guard_(guard),
        state_(std::make_unique<inflate_state>()),
        input_(kInputBuffer) {
    ResetMember();
  }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    while (!done_) {
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        MOAT_RETURN_IF_ERROR(NextMember());
        continue;
      }
      if (state_->avail_in == 0) {
        MOAT_ASSIGN_OR_RETURN(bool more, Refill());
        if (!more) return absl::DataLossError("truncated gzip stream: input ended mid-member");
      }
      state_->next_out = reinterpret_cast<uint8_t*>(buffer);
      state_->avail_out = static_cast<uint32_t>(std::min<size_t>(size, 1u << 30));
      int ret = isal_inflate(state_.get());
      if (ret < 0)
        return absl::DataLossError(absl::StrCat("invalid gzip data (", Describe(ret), ")"));
      size_t produced = size - state_->avail_out;
      if (produced > 0) {
        MOAT_RETURN_IF_ERROR(guard_.Add(produced));
        return produced;
      }
    }
    return 0;
  }

 private:
  void ResetMember() {
    isal_inflate_init(state_.get());
    state_->crc_flag = ISAL_GZIP;
  }

  absl::StatusOr<bool> Refill() {
    MOAT_ASSIGN_OR_RETURN(size_t n,
                          inner_->Read(reinterpret_cast<char*>(input_.data()), input_.size()));
    state_->next_in = input_.data();
    state_->avail_in = static_cast<uint32_t>(n);
    return n > 0;
  }

  // After a member ends: another gzip member, zero padding, or the end.
  absl::Status NextMember() {
    while (true) {
      while (state_->avail_in > 0 && *state_->next_in == 0) {
        ++state_->next_in;
        --state_->avail_in;
        padded_ = true;
      }
      if (state_->avail_in > 0) break;
      MOAT_ASSIGN_OR_RETURN(bool more, Refill());
      if (!more) {
        done_ = true;
        return absl::OkStatus();
      }
    }
    if (padded_ || *state_->next_in != 0x1f) {
      return absl::DataLossError(
          "gzip stream: unexpected data after the end of the compressed data");
    }
    uint8_t* next = state_->next_in;
    uint32_t avail = state_->avail_in;
    ResetMember();
    state_->next_in = next;
    state_->avail_in = avail;
    return absl::OkStatus();
  }

  static std::string Describe(int code) {
    switch (code) {
      case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
      case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
      case ISAL_INVALID_LOOKBACK:
        return "invalid lookback distance";
      case ISAL_INVALID_WRAPPER:
        return "invalid gzip header";
      case ISAL_INCORRECT_CHECKSUM:
        return "CRC mismatch";
      default:
        return absl::StrCat("isa-l error ", code);
    }
  }

  std::unique_ptr<platform::ReadStream> inner_;
  RatioGuard guard_;
  std::unique_ptr<inflate_state> state_;
  std::vector<uint8_t> input_;
  bool done_ = false;
  bool padded_ = false;
};

class ZstdStream : public platform::ReadStream {
 public:
  ZstdStream(std::unique_ptr<platform::ReadStream> inner, RatioGuard guard)
      : inner_(std::move(inner)), guard_(guard), ctx_(ZSTD_createDStream()), input_(kInputBuffer) {
    ZSTD_initDStream(ctx_);
    // Bound the window a hostile frame may ask for (128 MiB, the zstd CLI's own default cap).
    ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 27);
  }
  ~ZstdStream() override { ZSTD_freeDStream(ctx_); }

  absl::StatusOr<size_t> Read(char* buffer, size_t size) override {
    while (true) {
      if (in_.pos == in_.size) {
        MOAT_ASSIGN_OR_RETURN(size_t n, inner_->Read(input_.data(), input_.size()));
        if (n == 0) {
          if (frame_open_)
            return absl::DataLossError("truncated zstd stream: input ended mid-frame");
          return 0;
        }
        in_ = {input_.data(), n, 0};
      }
      ZSTD_outBuffer out = {buffer, size, 0};
      size_t ret = ZSTD_decompressStream(ctx_, &out, &in_);
      if (ZSTD_isError(ret)) {
        return absl::DataLossError(
            absl::StrCat("invalid zstd data (", ZSTD_getErrorName(ret), ")"));
      }
      frame_open_ = ret != 0;
      if (out.pos > 0) {
        MOAT_RETURN_IF_ERROR(guard_.Add(out.pos));
        return out.pos;
      }
    }
  }

 private:
  std::unique_ptr<platform::ReadStream> inner_;
  RatioGuard guard_;
  ZSTD_DStream* ctx_;
  std::vector<char> input_;
  ZSTD_inBuffer in_ = {nullptr, 0, 0};
  bool frame_open_ = false;
};

}  // namespace

absl::StatusOr<std::unique_ptr<platform::ReadStream>> OpenDecompressed(
    std::unique_ptr<platform::ReadStream> raw, const CountingStream* counter,
    const ScanLimits& limits, Compression* detected) {
  auto sniff = std::make_unique<SniffingStream>(std::move(raw));
  MOAT_ASSIGN_OR_RETURN(absl::string_view head, sniff->Peek(6));
  auto starts = [&](absl::string_view magic) { return head.substr(0, magic.size()) == magic; };
  if (starts("\x1f\x8b")) {
    *detected = Compression::kGzip;
    return std::make_unique<GzipStream>(std::move(sniff), RatioGuard(counter, limits));
  }
  if (starts("\x28\xb5\x2f\xfd")) {
    *detected = Compression::kZstd;
    return std::make_unique<ZstdStream>(std::move(sniff), RatioGuard(counter, limits));
  }
  if (starts("BZh") || starts("\xfd"
                              "7zXZ")) {
    return absl::UnimplementedError("bzip2 and xz layers are not supported (only gzip, zstd, tar)");
  }
  *detected = Compression::kNone;
  return std::unique_ptr<platform::ReadStream>(std::move(sniff));
}

}  // namespace moat::image
