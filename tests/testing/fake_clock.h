// A Clock for tests: time only moves when SleepFor or Advance is called, and sleeps are recorded.
#pragma once

#include <mutex>
#include <vector>

#include "platform/clock.h"

namespace moat::testing {

// Thread-safe.
class FakeClock : public platform::Clock {
 public:
  explicit FakeClock(absl::Time start = absl::FromUnixSeconds(1'700'000'000)) : now_(start) {}
  absl::Time Now() override;
  void SleepFor(absl::Duration duration) override;
  void Advance(absl::Duration duration);
  std::vector<absl::Duration> sleeps() const;

 private:
  mutable std::mutex mutex_;
  absl::Time now_;
  std::vector<absl::Duration> sleeps_;
};

}  // namespace moat::testing
