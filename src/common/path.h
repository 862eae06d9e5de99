// Canonical image paths: absolute, '/'-separated, no '.', '..', empty components or trailing '/'.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat {

// Turns a path as stored in a layer archive ("./usr/bin/ls", "usr/bin/") into "/usr/bin/ls".
// Fails on absolute names and on any ".." component: a layer must not write outside its root.
// The archive root itself ("." or "./") becomes "/".
absl::StatusOr<std::string> NormalizeArchivePath(absl::string_view raw);

// Resolves a link target found at `link_path` (canonical) lexically: relative targets are taken
// from the link's directory, absolute ones from the image root; ".." never climbs above "/".
std::string ResolveLinkTarget(absl::string_view link_path, absl::string_view target);

// "/a/b/c" -> "/a/b"; "/a" -> "/"; "/" -> "/".
absl::string_view PathDirname(absl::string_view path);
// "/a/b/c" -> "c"; "/" -> "".
absl::string_view PathBasename(absl::string_view path);
// Joins canonical `dir` with a relative `name` ("/" + "a" -> "/a").
std::string PathJoin(absl::string_view dir, absl::string_view name);
// True when `path` equals `dir` or lies below it (both canonical).
bool PathIsWithin(absl::string_view path, absl::string_view dir);

}  // namespace moat
