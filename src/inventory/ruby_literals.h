// String literals of one line of Ruby source, for reading generated gemspecs without running
// Ruby: "..." and '...' (simple escapes), %q and %Q with any delimiter; stops at a comment.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// `["Ruby".freeze, %q{BSD-2-Clause}] # x` -> {"Ruby", "BSD-2-Clause"}. Unterminated literals
// are dropped. Interpolation ("#{...}") is kept as text.
std::vector<std::string> RubyStringLiterals(absl::string_view code);

}  // namespace moat::inventory
