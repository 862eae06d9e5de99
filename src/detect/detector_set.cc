#include "detect/detector_set.h"

#include <algorithm>
#include <utility>

#include "detect/config_detector.h"
#include "detect/dockerfile_detector.h"
#include "detect/history_detector.h"
#include "detect/malware_detector.h"
#include "detect/secret_config.h"
#include "detect/secret_detector.h"
#include "detect/sensitive_file_detector.h"

namespace moat::detect {

const std::vector<std::string>& ScannerNames() {
  static const auto* const kNames =
      new std::vector<std::string>{"vuln", "secret", "sensitive", "malware", "config", "history"};
  return *kNames;
}

absl::StatusOr<Detectors> NewDetectors(platform::FileSystem* fs, const DetectorSettings& settings,
                                       std::vector<std::string>* warnings) {
  auto selected = [&](const char* name) {
    return std::find(settings.scanners.begin(), settings.scanners.end(), name) !=
           settings.scanners.end();
  };
  Detectors detectors;
  if (selected("secret")) {
    SecretConfig config;
    if (!settings.secret_config.empty()) {
      auto loaded = LoadSecretConfig(fs, settings.secret_config);
      if (!loaded.ok()) return loaded.status();
      config = std::move(*loaded);
    }
    auto secrets = NewSecretDetector(config);
    if (!secrets.ok()) return secrets.status();
    detectors.file.push_back(std::move(*secrets));
  }
  if (selected("sensitive")) detectors.file.push_back(NewSensitiveFileDetector());
  if (selected("malware")) {
    MalwareOptions options;
    options.rule_paths = settings.malware_rules;
    options.indicator_paths = settings.malware_hashes;
    auto malware = NewMalwareDetector(fs, options);
    if (!malware.ok()) return malware.status();
    if (warnings != nullptr) {
      for (const std::string& w : (*malware)->warnings()) warnings->push_back(w);
    }
    detectors.file.push_back(std::move(*malware));
  }
  if (selected("config")) {
    detectors.file.push_back(NewDockerfileDetector());
    detectors.image.push_back(NewConfigDetector());
  }
  if (selected("history")) detectors.image.push_back(NewHistoryDetector());
  return detectors;
}

}  // namespace moat::detect
