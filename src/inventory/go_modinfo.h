// The module text of Go build info, as `go version -m` prints it: main module, dependencies
// with their `=>` replacements, and build settings (ldflags among them).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::inventory {

struct GoModule {
  std::string path;
  std::string version;  // "v0.9.1"; "(devel)" for a main module built from a checkout
  std::string sum;      // "h1:..." when recorded
  // From the `=>` line that follows: the module actually compiled in. Empty when none.
  std::string replace_path;
  std::string replace_version;
};

struct GoBuildInfo {
  std::string go_version;  // "go1.19.8"
  std::string path;        // main package path
  GoModule main;
  std::vector<GoModule> deps;
  std::vector<std::pair<std::string, std::string>> settings;  // build key=value, unquoted
};

// Parses module text ("path\t...\nmod\t...\ndep\t...\n=>\t...\nbuild\t..."); unknown line kinds
// are skipped. InvalidArgument naming the line for malformed lines.
absl::StatusOr<GoBuildInfo> ParseGoModInfo(absl::string_view text);

// The value of setting `key` ("-ldflags"), or "" when absent.
std::string GoSetting(const GoBuildInfo& info, absl::string_view key);

// The main-module version set with `-ldflags "-X main.version=1.2.3"`: keys that contain "ver"
// in package main or under a /cmd/ path, values that look like semantic versions. "" when none.
std::string GoLdflagsVersion(absl::string_view ldflags);

// Whether a replacement target is a file-system path ("./x", "../x", "/x", "C:\\x") rather than a
// module path.
bool IsLocalPath(absl::string_view path);

}  // namespace moat::inventory
