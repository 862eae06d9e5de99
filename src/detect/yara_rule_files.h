// Finding and reading YARA rule files: explicit files, and directories searched recursively
// for *.yar and *.yara, each file in a namespace of its own.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "detect/yara_rules.h"
#include "platform/file_system.h"

namespace moat::detect {

inline constexpr size_t kMaxRuleFileSize = size_t{64} << 20;

// Every rule file under `paths`: a file is taken whatever its name; a directory gives its
// *.yar and *.yara files (recursively, sorted, hidden entries and symlinked directories
// skipped). Namespaces are the file stems, made unique with "_2", "_3", ... Errors: a path that
// cannot be read, a file over kMaxRuleFileSize, a directory without rule files.
absl::StatusOr<std::vector<YaraRuleSource>> LoadYaraRuleSources(
    platform::FileSystem* fs, const std::vector<std::string>& paths);

}  // namespace moat::detect
