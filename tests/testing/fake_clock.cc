#include "testing/fake_clock.h"

namespace moat::testing {

absl::Time FakeClock::Now() {
  std::lock_guard<std::mutex> lock(mutex_);
  return now_;
}

void FakeClock::SleepFor(absl::Duration duration) {
  std::lock_guard<std::mutex> lock(mutex_);
  sleeps_.push_back(duration);
  now_ += duration;
}

void FakeClock::Advance(absl::Duration duration) {
  std::lock_guard<std::mutex> lock(mutex_);
  now_ += duration;
}

std::vector<absl::Duration> FakeClock::sleeps() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sleeps_;
}

}  // namespace moat::testing
