#include "common/path.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace moat {

absl::StatusOr<std::string> NormalizeArchivePath(absl::string_view raw) {
  if (raw.empty()) return absl::InvalidArgumentError("empty path");
  if (raw.front() == '/') {
    return absl::InvalidArgumentError(absl::StrCat("absolute path \"", raw, "\" in layer"));
  }
  std::vector<absl::string_view> parts;
  for (absl::string_view part : absl::StrSplit(raw, '/', absl::SkipEmpty())) {
    if (part == ".") continue;
    if (part == "..") {
      return absl::InvalidArgumentError(
          absl::StrCat("path \"", raw, "\" climbs out of the layer root with '..'"));
    }
    parts.push_back(part);
  }
  return absl::StrCat("/", absl::StrJoin(parts, "/"));
}

std::string ResolveLinkTarget(absl::string_view link_path, absl::string_view target) {
  std::vector<absl::string_view> parts;
  if (!target.empty() && target.front() != '/') {
    for (absl::string_view part : absl::StrSplit(PathDirname(link_path), '/', absl::SkipEmpty())) {
      parts.push_back(part);
    }
  }
  for (absl::string_view part : absl::StrSplit(target, '/', absl::SkipEmpty())) {
    if (part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return absl::StrCat("/", absl::StrJoin(parts, "/"));
}

absl::string_view PathDirname(absl::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos || slash == 0) return "/";
  return path.substr(0, slash);
}

absl::string_view PathBasename(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

std::string PathJoin(absl::string_view dir, absl::string_view name) {
  if (dir == "/" || dir.empty()) return absl::StrCat("/", name);
  return absl::StrCat(dir, "/", name);
}

bool PathIsWithin(absl::string_view path, absl::string_view dir) {
  if (dir == "/") return !path.empty() && path.front() == '/';
  if (path.size() < dir.size() || path.substr(0, dir.size()) != dir) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

}  // namespace moat
