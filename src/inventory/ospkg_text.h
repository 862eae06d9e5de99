// Small text helpers shared by the OS package parsers: line splitting that tolerates CRLF and a
// missing final newline, a capped warning list, and canonical owned-file paths.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace moat::inventory {

// Yields the lines of `text` without their "\n" or "\r\n". Linear, no allocation.
class LineReader {
 public:
  explicit LineReader(absl::string_view text) : rest_(text) {}
  // Sets `line` to the next line; false at the end.
  bool Next(absl::string_view* line);
  int line_number() const { return line_number_; }  // 1-based number of the last line read

 private:
  absl::string_view rest_;
  int line_number_ = 0;
  bool done_ = false;
};

// Collects the non-fatal problems of one file as "<path>: <problem>". Finish() appends at most
// `cap` of them to the file's warnings, then one line counting the ones left out.
class WarningList {
 public:
  explicit WarningList(absl::string_view path, int cap = 20) : path_(path), cap_(cap) {}
  void Add(absl::string_view problem);
  void Finish(std::vector<std::string>* out);
  int count() const { return count_; }
  // The first problem, without the path, or "" when there was none.
  std::string first_problem() const { return kept_.empty() ? std::string() : kept_.front(); }

 private:
  std::string path_;
  int cap_;
  int count_ = 0;
  std::vector<std::string> kept_;
};

// Turns a path as a package database lists it ("/usr/bin/ls", "usr/bin/ls", "/usr/bin/",
// "./etc/x") into a canonical image path. False for "", "/", "/." and anything with a ".."
// component or a NUL byte.
bool CanonicalOwnedPath(absl::string_view raw, std::string* out);

// `text` without leading and trailing spaces and tabs.
absl::string_view TrimBlank(absl::string_view text);

}  // namespace moat::inventory
