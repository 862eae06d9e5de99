// The time seam: code that waits (retry backoff) or checks expiry (cached tokens) asks a Clock,
// so tests run with simulated time instead of sleeping.
#pragma once

#include "absl/time/time.h"

namespace moat::platform {

// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
  // Blocks the calling thread for `duration` (a fake clock just advances).
  virtual void SleepFor(absl::Duration duration) = 0;
};

// The system clock.
class RealClock : public Clock {
 public:
  absl::Time Now() override;
  void SleepFor(absl::Duration duration) override;
};

}  // namespace moat::platform
