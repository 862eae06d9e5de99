// The config detector's file rules on the final file system: setuid/setgid files added by a
// layer (MOAT-CFG-008) and world-writable files in system paths (MOAT-CFG-009).
#pragma once

#include <vector>

#include "detect/config_detector.h"
#include "detect/finding.h"
#include "image/image_reader.h"

namespace moat::detect {

// `files.view` must be set. Appends at most options.max_file_findings findings per rule, then
// the next one titled with how many more there were.
void CheckConfigFiles(const image::ImageFiles& files, const ConfigDetectorOptions& options,
                      std::vector<Finding>* out);

}  // namespace moat::detect
