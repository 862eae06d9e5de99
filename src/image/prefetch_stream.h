// Reads another stream ahead on a thread of its own, so the stages of a layer (reading and
// hashing the blob, inflating it, walking the tar) run on different cores at once.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "platform/stream.h"

namespace moat::image {

class PrefetchStream : public platform::ReadStream {
 public:
  // Keeps at most `depth` chunks of `chunk_size` bytes read ahead of the consumer.
  explicit PrefetchStream(std::unique_ptr<platform::ReadStream> inner,
                          size_t chunk_size = 256 << 10, size_t depth = 4);
  // Stops the reader thread; waits for the read it is in to return.
  ~PrefetchStream() override;

  // Called by one consumer thread. Errors of the inner stream surface here, in order.
  absl::StatusOr<size_t> Read(char* buffer, size_t size) override;

 private:
  void Produce();

  std::unique_ptr<platform::ReadStream> inner_;
  const size_t chunk_size_;
  const size_t depth_;
  absl::Mutex mu_;
  std::deque<std::string> chunks_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;  // inner stream ended (or failed)
  bool stop_ ABSL_GUARDED_BY(mu_) = false;  // consumer gone
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::string current_;  // consumer side: the chunk being handed out
  size_t offset_ = 0;
  std::thread thread_;
};

}  // namespace moat::image
