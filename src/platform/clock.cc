#include "platform/clock.h"

#include "absl/time/clock.h"

namespace moat::platform {

absl::Time RealClock::Now() { return absl::Now(); }

void RealClock::SleepFor(absl::Duration duration) { absl::SleepFor(duration); }

}  // namespace moat::platform
