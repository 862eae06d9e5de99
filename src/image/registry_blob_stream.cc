#include "image/registry_blob_stream.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"
#include "image/registry_http.h"

namespace moat::image {
namespace {

// "bytes 100-199/200" starts at `offset`?
bool RangeStartsAt(absl::string_view content_range, int64_t offset) {
  if (!absl::ConsumePrefix(&content_range, "bytes ")) return false;
  int64_t start = -1;
  return absl::SimpleAtoi(content_range.substr(0, content_range.find('-')), &start) &&
         start == offset;
}

}  // namespace

ResumingBlobStream::ResumingBlobStream(std::unique_ptr<platform::HttpResponse> response,
                                       int64_t size, BlobReopener reopen, int max_resumes,
                                       std::string what)
    : response_(std::move(response)),
      size_(size),
      reopen_(std::move(reopen)),
      resumes_left_(max_resumes),
      what_(std::move(what)) {}

absl::StatusOr<size_t> ResumingBlobStream::Read(char* buffer, size_t size) {
  if (finished_ || size == 0) return 0;
  if (size_ >= 0 && offset_ >= size_) {
    MOAT_RETURN_IF_ERROR(CheckNoMore());
    finished_ = true;
    return 0;
  }
  if (size_ >= 0)
    size = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(size), size_ - offset_));
  while (true) {
    absl::StatusOr<size_t> n = ReadOnce(buffer, size);
    if (n.ok()) {
      if (*n == 0) finished_ = true;
      offset_ += static_cast<int64_t>(*n);
      return n;
    }
    if (!IsRetryableError(n.status()) || resumes_left_ <= 0) return Annotate(n.status(), what_);
    MOAT_RETURN_IF_ERROR(Resume(n.status()));
  }
}

// One read of the current response; an early end of a blob of known size is a (resumable)
// DataLoss error.
absl::StatusOr<size_t> ResumingBlobStream::ReadOnce(char* buffer, size_t size) {
  MOAT_ASSIGN_OR_RETURN(size_t n, response_->body().Read(buffer, size));
  if (n == 0 && size_ >= 0 && offset_ < size_) {
    return absl::DataLossError(
        absl::StrCat("the blob ended after ", offset_, " of its ", size_, " bytes"));
  }
  return n;
}

absl::Status ResumingBlobStream::CheckNoMore() {
  char extra;
  absl::StatusOr<size_t> n = response_->body().Read(&extra, 1);
  if (n.ok() && *n > 0) {
    return absl::DataLossError(absl::StrCat(what_, ": the registry sent more than the ", size_,
                                            " bytes the manifest declares"));
  }
  return absl::OkStatus();  // a transport error after every byte arrived changes nothing
}

absl::Status ResumingBlobStream::Resume(const absl::Status& cause) {
  --resumes_left_;
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> next = reopen_(offset_);
  if (!next.ok()) {
    return Annotate(next.status(), absl::StrCat(what_, ": resuming at byte ", offset_, " after \"",
                                                cause.message(), "\""));
  }
  int status = (*next)->status_code();
  if (status == 206 && RangeStartsAt((*next)->Header("Content-Range"), offset_)) {
    response_ = std::move(*next);
    return absl::OkStatus();
  }
  if (status != 200) {
    return absl::UnavailableError(
        absl::StrCat(what_, ": resuming at byte ", offset_, ": ", DescribeHttpError(**next)));
  }
  // The whole blob again: skip what was already read.
  response_ = std::move(*next);
  char discard[64 * 1024];
  for (int64_t skipped = 0; skipped < offset_;) {
    size_t want = static_cast<size_t>(std::min<int64_t>(sizeof(discard), offset_ - skipped));
    MOAT_ASSIGN_OR_RETURN(size_t n, response_->body().Read(discard, want));
    if (n == 0) return absl::DataLossError(absl::StrCat(what_, ": the blob is shorter on retry"));
    skipped += static_cast<int64_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace moat::image
