// Package-manager checks of RUN scripts (apt, apk, yum, dnf, microdnf, zypper, pip, npm, yarn,
// gem): unpinned installs, caches left in the layer, apt-get habits. Used by history_checks.cc.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "detect/history_checks.h"

namespace moat::detect {

// Each appends one excerpt per offending command.
void CheckUnpinnedInstalls(const RunScript& script, std::vector<std::string>* out);
void CheckAptCache(const RunScript& script, std::vector<std::string>* out);
void CheckApkCache(const RunScript& script, std::vector<std::string>* out);
void CheckPipCache(const RunScript& script, std::vector<std::string>* out);
void CheckYumCache(const RunScript& script, std::vector<std::string>* out);
void CheckDnfCache(const RunScript& script, std::vector<std::string>* out);
void CheckMicrodnfCache(const RunScript& script, std::vector<std::string>* out);
void CheckZypperCache(const RunScript& script, std::vector<std::string>* out);
void CheckUpdateAlone(const RunScript& script, std::vector<std::string>* out);
void CheckAptMissingYes(const RunScript& script, std::vector<std::string>* out);
void CheckAptDistUpgrade(const RunScript& script, std::vector<std::string>* out);
void CheckAptMissingNoRecommends(const RunScript& script, std::vector<std::string>* out);

// The subcommand: the first argument that is no option nor an option's value
// (`with_value` lists the options that take the next word). "" when there is none.
absl::string_view Subcommand(const std::vector<absl::string_view>& args,
                             std::initializer_list<absl::string_view> with_value);

}  // namespace moat::detect
