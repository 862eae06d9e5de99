// Every detector of the chosen scanners, built once and shared by all scans: `moat scan` builds
// them from its flags, `moat server` with the defaults (built-in secret rules, EICAR).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "detect/detector.h"
#include "platform/file_system.h"

namespace moat::detect {

// Every scanner, in report order: vuln, secret, sensitive, malware, config, history.
const std::vector<std::string>& ScannerNames();

struct DetectorSettings {
  // Scanner names ("vuln" has no detector and is ignored); default: every scanner.
  std::vector<std::string> scanners = ScannerNames();
  std::string secret_config;                // Moat YAML or gitleaks TOML; "" = built-in rules
  std::vector<std::string> malware_rules;   // YARA files or directories
  std::vector<std::string> malware_hashes;  // SHA-256 indicator lists
};

// The detectors with their rule files loaded and compiled; a rule file that does not load is an
// error naming it. Non-fatal problems (a skipped rule) are appended to `warnings`.
absl::StatusOr<Detectors> NewDetectors(platform::FileSystem* fs, const DetectorSettings& settings,
                                       std::vector<std::string>* warnings);

}  // namespace moat::detect
