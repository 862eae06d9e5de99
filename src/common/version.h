// The Moat version, stamped into reports.
#pragma once

namespace moat {
inline constexpr char kMoatVersion[] = "0.1.0";
}  // namespace moat
