#include "platform/stream.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::platform {

absl::StatusOr<std::string> ReadAll(ReadStream& stream, size_t max_bytes, absl::string_view what) {
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, stream.Read(buffer, sizeof(buffer)));
    if (n == 0) break;
    if (out.size() + n > max_bytes) {
      return absl::ResourceExhaustedError(
          absl::StrCat(what, ": larger than the limit of ", max_bytes, " bytes"));
    }
    out.append(buffer, n);
  }
  return out;
}

absl::StatusOr<int64_t> Drain(ReadStream& stream) {
  int64_t total = 0;
  char buffer[64 * 1024];
  while (true) {
    MOAT_ASSIGN_OR_RETURN(size_t n, stream.Read(buffer, sizeof(buffer)));
    if (n == 0) return total;
    total += static_cast<int64_t>(n);
  }
}

absl::StatusOr<size_t> StringStream::Read(char* buffer, size_t size) {
  size_t n = std::min(size, data_.size() - pos_);
  if (n > 0) std::memcpy(buffer, data_.data() + pos_, n);
  pos_ += n;
  return n;
}

absl::Status StringStream::Seek(int64_t offset) {
  if (offset < 0 || offset > Size()) return absl::OutOfRangeError("seek outside the data");
  pos_ = static_cast<size_t>(offset);
  return absl::OkStatus();
}

absl::StatusOr<size_t> SubStream::Read(char* buffer, size_t size) {
  int64_t left = length_ - pos_;
  if (left <= 0) return 0;
  size = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(size), left));
  MOAT_RETURN_IF_ERROR(base_->Seek(offset_ + pos_));
  MOAT_ASSIGN_OR_RETURN(size_t n, base_->Read(buffer, size));
  if (n == 0) return absl::DataLossError("unexpected end of data");
  pos_ += static_cast<int64_t>(n);
  return n;
}

absl::Status SubStream::Seek(int64_t offset) {
  if (offset < 0 || offset > length_) return absl::OutOfRangeError("seek outside the window");
  pos_ = offset;
  return absl::OkStatus();
}

}  // namespace moat::platform
