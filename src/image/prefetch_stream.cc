#include "image/prefetch_stream.h"

#include <algorithm>
#include <cstring>

namespace moat::image {

PrefetchStream::PrefetchStream(std::unique_ptr<platform::ReadStream> inner, size_t chunk_size,
                               size_t depth)
    : inner_(std::move(inner)), chunk_size_(chunk_size), depth_(depth) {
  thread_ = std::thread([this] { Produce(); });
}

PrefetchStream::~PrefetchStream() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
}

void PrefetchStream::Produce() {
  while (true) {
    std::string chunk(chunk_size_, '\0');
    size_t filled = 0;
    absl::Status status;
    // Fill a whole chunk (inner streams may return little at a time) or reach the end.
    while (filled < chunk.size()) {
      auto n = inner_->Read(chunk.data() + filled, chunk.size() - filled);
      if (!n.ok()) {
        status = n.status();
        break;
      }
      if (*n == 0) break;
      filled += *n;
    }
    chunk.resize(filled);
    absl::MutexLock lock(&mu_);
    auto has_room = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
      return stop_ || chunks_.size() < depth_;
    };
    mu_.Await(absl::Condition(&has_room));
    if (stop_) return;
    // Less than a full chunk means the inner stream ended (or failed) while filling it.
    bool end = !status.ok() || filled < chunk_size_;
    if (!chunk.empty()) chunks_.push_back(std::move(chunk));
    if (end) {
      error_ = status;
      done_ = true;
      return;
    }
  }
}

absl::StatusOr<size_t> PrefetchStream::Read(char* buffer, size_t size) {
  if (offset_ == current_.size()) {
    absl::MutexLock lock(&mu_);
    auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return done_ || !chunks_.empty(); };
    mu_.Await(absl::Condition(&ready));
    if (chunks_.empty()) {
      if (!error_.ok()) return error_;
      return 0;
    }
    current_ = std::move(chunks_.front());
    chunks_.pop_front();
    offset_ = 0;
  }
  size_t n = std::min(size, current_.size() - offset_);
  std::memcpy(buffer, current_.data() + offset_, n);
  offset_ += n;
  return n;
}

}  // namespace moat::image
