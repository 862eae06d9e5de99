#include "image/digest_stream.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace moat::image {

DigestStream::DigestStream(std::unique_ptr<platform::ReadStream> inner, std::string expected_digest,
                           int64_t expected_size, std::string what)
    : inner_(std::move(inner)),
      expected_digest_(std::move(expected_digest)),
      expected_size_(expected_size),
      what_(std::move(what)) {}

absl::StatusOr<size_t> DigestStream::Read(char* buffer, size_t size) {
  MOAT_ASSIGN_OR_RETURN(size_t n, inner_->Read(buffer, size));
  if (n > 0) {
    bytes_ += static_cast<int64_t>(n);
    if (expected_size_ >= 0 && bytes_ > expected_size_) {
      return absl::DataLossError(absl::StrCat(what_, " is longer than the ", expected_size_,
                                              " bytes its descriptor states"));
    }
    hash_.Update(absl::string_view(buffer, n));
    return n;
  }
  if (!checked_) {
    checked_ = true;
    if (expected_size_ >= 0 && bytes_ != expected_size_) {
      return absl::DataLossError(
          absl::StrCat(what_, " is ", bytes_, " bytes, its descriptor states ", expected_size_));
    }
    std::string actual = absl::StrCat("sha256:", hash_.HexDigest());
    if (!expected_digest_.empty() && actual != expected_digest_) {
      return absl::DataLossError(
          absl::StrCat(what_, " digest mismatch: expected ", expected_digest_, ", got ", actual));
    }
  }
  return 0;
}

absl::StatusOr<size_t> CountingStream::Read(char* buffer, size_t size) {
  MOAT_ASSIGN_OR_RETURN(size_t n, inner_->Read(buffer, size));
  bytes_ += static_cast<int64_t>(n);
  return n;
}

}  // namespace moat::image
