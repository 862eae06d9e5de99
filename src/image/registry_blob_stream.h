// A blob body that survives a broken connection: when the transfer fails mid-way it asks the
// registry again from the current offset (HTTP Range) and carries on, and it holds the blob
// to the size its descriptor declares.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "platform/http_client.h"
#include "platform/stream.h"

namespace moat::image {

// Requests the blob again from byte `offset` ("Range: bytes=<offset>-"); the answer may be
// 206 (honoured) or 200 (the whole blob again; the stream skips what it already has).
using BlobReopener =
    std::function<absl::StatusOr<std::unique_ptr<platform::HttpResponse>>(int64_t offset)>;

class ResumingBlobStream : public platform::ReadStream {
 public:
  // `response` is the first (200) answer. `size` is the descriptor's size, -1 when unknown.
  // At most `max_resumes` reopenings. `what` prefixes errors ("pulling layer 2 sha256:…").
  ResumingBlobStream(std::unique_ptr<platform::HttpResponse> response, int64_t size,
                     BlobReopener reopen, int max_resumes, std::string what);

  // Errors: more bytes than `size`, fewer bytes than `size` after all resumes, transport
  // failures that are not transient, or a reopening the registry refuses.
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;

 private:
  absl::StatusOr<size_t> ReadOnce(char* buffer, size_t size);
  absl::Status CheckNoMore();
  absl::Status Resume(const absl::Status& cause);

  std::unique_ptr<platform::HttpResponse> response_;
  const int64_t size_;
  BlobReopener reopen_;
  int resumes_left_;
  const std::string what_;
  int64_t offset_ = 0;
  bool finished_ = false;
};

}  // namespace moat::image
