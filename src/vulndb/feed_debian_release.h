// Debian release codenames as distro keys: "bookworm" → "debian:12", "sid" → "debian:unstable".
#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace moat::vulndb {

// "debian:<N>" for a known codename (woody … forky; "sid" is "debian:unstable"); "" otherwise.
std::string DebianDistro(absl::string_view codename);

}  // namespace moat::vulndb
