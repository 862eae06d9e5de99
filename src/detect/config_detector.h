// The image configuration detector: runs as root, secrets in ENV and labels, SSH and
// administrative ports, no health check, ADD from URLs, setuid/setgid files added by layers,
// world-writable files in system paths.
#pragma once

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "detect/detector.h"

namespace moat::detect {

struct ConfigDetectorOptions {
  // setuid/setgid files of the base layer (layer 0) are the distribution's own (passwd, su,
  // mount): reported only when this is set.
  bool setuid_in_base_layer = false;
  // At most this many findings per file rule; then one more, titled "(and N more not listed)".
  int max_file_findings = 100;
};

// Findings of category kConfig, rule ids MOAT-CFG-nnn (docs/design/config-checks.md); config
// findings have evidence.layer -1, file findings the layer that added the file and its path,
// ADD-from-URL findings the layer of the history entry. Thread-safe.
std::unique_ptr<ImageDetector> NewConfigDetector(ConfigDetectorOptions options = {});

// MOAT-CFG-007, shared with the Dockerfile checks: whether ADD's arguments (flags included)
// fetch an http(s) URL without --checksum, and the finding for it (evidence to be completed).
bool AddsUnverifiedUrl(absl::string_view add_arguments);
Finding AddFromUrlFinding(std::string excerpt);

}  // namespace moat::detect
