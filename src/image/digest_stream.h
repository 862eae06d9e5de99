// A pass-through stream that hashes what flows through it and checks digest and size at the end.
#pragma once

#include <memory>
#include <string>

#include "common/sha256.h"
#include "platform/stream.h"

namespace moat::image {

class DigestStream : public platform::ReadStream {
 public:
  // `expected_digest` is "sha256:<hex>"; `expected_size` < 0 means unknown. `what` names the
  // stream in errors ("blob", "uncompressed layer").
  DigestStream(std::unique_ptr<platform::ReadStream> inner, std::string expected_digest,
               int64_t expected_size, std::string what);
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;
  int64_t bytes_read() const { return bytes_; }

 private:
  std::unique_ptr<platform::ReadStream> inner_;
  std::string expected_digest_;
  int64_t expected_size_;
  std::string what_;
  Sha256 hash_;
  int64_t bytes_ = 0;
  bool checked_ = false;
};

// Counts the bytes that flow through; the decompressors read it to enforce the ratio limit.
class CountingStream : public platform::ReadStream {
 public:
  explicit CountingStream(std::unique_ptr<platform::ReadStream> inner) : inner_(std::move(inner)) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;
  int64_t bytes_read() const { return bytes_; }

 private:
  std::unique_ptr<platform::ReadStream> inner_;
  int64_t bytes_ = 0;
};

}  // namespace moat::image
