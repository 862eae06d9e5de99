#include "inventory/ospkg_text.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace moat::inventory {

bool LineReader::Next(absl::string_view* line) {
  if (done_) return false;
  size_t end = rest_.find('\n');
  absl::string_view current;
  if (end == absl::string_view::npos) {
    if (rest_.empty()) {
      done_ = true;
      return false;
    }
    current = rest_;
    rest_ = absl::string_view();
    done_ = true;
  } else {
    current = rest_.substr(0, end);
    rest_.remove_prefix(end + 1);
  }
  if (!current.empty() && current.back() == '\r') current.remove_suffix(1);
  *line = current;
  ++line_number_;
  return true;
}

void WarningList::Add(absl::string_view problem) {
  ++count_;
  if (count_ <= cap_) kept_.push_back(std::string(problem));
}

void WarningList::Finish(std::vector<std::string>* out) {
  for (const std::string& problem : kept_) out->push_back(absl::StrCat(path_, ": ", problem));
  kept_.clear();
  if (count_ > cap_) {
    out->push_back(absl::StrCat(path_, ": ", count_ - cap_, " more problems not shown"));
  }
}

bool CanonicalOwnedPath(absl::string_view raw, std::string* out) {
  out->clear();
  if (raw.find('\0') != absl::string_view::npos) return false;
  size_t start = 0;
  while (start <= raw.size()) {
    size_t slash = raw.find('/', start);
    if (slash == absl::string_view::npos) slash = raw.size();
    absl::string_view part = raw.substr(start, slash - start);
    start = slash + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") return false;
    out->push_back('/');
    out->append(part.data(), part.size());
  }
  return !out->empty();
}

absl::string_view TrimBlank(absl::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace moat::inventory
