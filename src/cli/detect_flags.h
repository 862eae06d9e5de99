// Which scanners `moat scan` runs (--scanners) and the detectors' inputs: secret rules
// (--secret-config), YARA rules and hash lists (--malware-rules, --malware-hashes), a Dockerfile
// (--dockerfile). See docs/design/findings.md.
#pragma once

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "cli/context.h"
#include "detect/detector.h"
#include "detect/detector_set.h"

namespace moat::cli {

struct DetectFlags {
  std::string scanners;                     // --scanners; "" means all
  std::string secret_config;                // --secret-config FILE (YAML or gitleaks TOML)
  std::vector<std::string> malware_rules;   // --malware-rules FILE|DIR, repeatable
  std::vector<std::string> malware_hashes;  // --malware-hashes FILE, repeatable
  std::string dockerfile;                   // --dockerfile FILE
};

// --scanners, --secret-config, --malware-rules, --malware-hashes (`moat scan` and `moat server`).
void AddScannerFlags(CLI::App& sub, DetectFlags& flags);
// AddScannerFlags plus --dockerfile (`moat scan`).
void AddDetectFlags(CLI::App& sub, DetectFlags& flags);

// The scanners to run, in detect::ScannerNames() order. Unknown names are a usage error.
absl::StatusOr<std::vector<std::string>> SelectedScanners(const DetectFlags& flags);

// The detectors of the selected scanners ("vuln" has none), with their rule files loaded and
// compiled; a rule file that does not load is an error naming it.
absl::StatusOr<detect::Detectors> BuildDetectors(const Context& ctx, const DetectFlags& flags,
                                                 const std::vector<std::string>& scanners);

}  // namespace moat::cli
