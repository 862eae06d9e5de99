// Byte streams: the one reading interface shared by files, archive members and HTTP bodies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::platform {

class ReadStream {
 public:
  virtual ~ReadStream() = default;
  // Reads up to `size` bytes into `buffer`; returns 0 only at the end of the stream.
  // Not thread-safe: one reader at a time.
  virtual absl::StatusOr<size_t> Read(char* buffer, size_t size) = 0;
};

// A stream with a known size that can be repositioned (local files, in-memory data).
class SeekableStream : public ReadStream {
 public:
  virtual int64_t Size() const = 0;
  virtual absl::Status Seek(int64_t offset) = 0;
  virtual int64_t Tell() const = 0;
};

// Reads the rest of `stream`; fails with "<what>: larger than <max_bytes> bytes" rather than
// buffering more than `max_bytes`.
absl::StatusOr<std::string> ReadAll(ReadStream& stream, size_t max_bytes, absl::string_view what);

// Reads and discards the rest of `stream`; returns the number of bytes skipped.
absl::StatusOr<int64_t> Drain(ReadStream& stream);

// An in-memory stream over owned bytes.
class StringStream : public SeekableStream {
 public:
  explicit StringStream(std::string data) : data_(std::move(data)) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;
  int64_t Size() const override { return static_cast<int64_t>(data_.size()); }
  absl::Status Seek(int64_t offset) override;
  int64_t Tell() const override { return static_cast<int64_t>(pos_); }

 private:
  std::string data_;
  size_t pos_ = 0;
};

// A window [offset, offset+length) of another seekable stream, which it does not own.
class SubStream : public SeekableStream {
 public:
  SubStream(SeekableStream* base, int64_t offset, int64_t length)
      : base_(base), offset_(offset), length_(length) {}
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;
  int64_t Size() const override { return length_; }
  absl::Status Seek(int64_t offset) override;
  int64_t Tell() const override { return pos_; }

 private:
  SeekableStream* base_;
  int64_t offset_;
  int64_t length_;
  int64_t pos_ = 0;
};

}  // namespace moat::platform
