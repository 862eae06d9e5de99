// A compiled secret-rule regex on PCRE2 (JIT when available): RE2/Go rule syntax compiles as is
// ((?P<name>...), inline (?i), \z), `$` matches only at the end, '.' never a newline.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::detect {

struct TextSpan {
  size_t begin = 0;
  size_t end = 0;  // exclusive
  bool empty() const { return begin >= end; }
};

class SecretRegex {
 public:
  struct Match {
    TextSpan whole;
    std::vector<TextSpan> groups;  // groups[i] = group i+1; unset groups are empty spans
  };

  // Errors read "offset 12: missing closing parenthesis".
  static absl::StatusOr<std::unique_ptr<SecretRegex>> Compile(absl::string_view pattern,
                                                              bool caseless = false);
  ~SecretRegex();
  SecretRegex(const SecretRegex&) = delete;
  SecretRegex& operator=(const SecretRegex&) = delete;

  // Calls `fn` for each non-overlapping match that starts in [start, limit) of `text`, looking
  // no further than `limit` (nor treating it as the end when it is not text.size()); stops when
  // `fn` returns false. Offsets are into `text`. Thread-safe; a match that exceeds PCRE2's
  // backtracking limits ends the search quietly.
  void FindAll(absl::string_view text, size_t start, size_t limit,
               const std::function<bool(const Match&)>& fn) const;
  // Whether the pattern matches anywhere in `text`.
  bool Matches(absl::string_view text) const;

  // The numbers of the groups called `name` (several when the name repeats).
  std::vector<int> GroupNumbers(absl::string_view name) const;
  int group_count() const { return group_count_; }

 private:
  SecretRegex() = default;
  void* code_ = nullptr;     // pcre2_code_8
  void* context_ = nullptr;  // pcre2_match_context_8
  int group_count_ = 0;
};

}  // namespace moat::detect
