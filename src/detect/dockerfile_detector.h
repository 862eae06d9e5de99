// The file detector for Dockerfiles shipped inside an image (Dockerfile, *.Dockerfile,
// Dockerfile.*, Containerfile): the same checks as moat scan --dockerfile.
#pragma once

#include <memory>

#include "absl/strings/string_view.h"
#include "detect/detector.h"

namespace moat::detect {

// Files larger than this are no Dockerfiles worth parsing.
inline constexpr int64_t kMaxDockerfileInImage = 1 << 20;

// True for base names (any case) Dockerfile, Containerfile, *.Dockerfile, *.Containerfile,
// Dockerfile.* and Containerfile.*, except documents (.md, .txt, .html).
bool IsDockerfilePath(absl::string_view path);

// Findings as ScanDockerfile's, with the file's image path; a file that does not parse is
// skipped. Thread-safe.
std::unique_ptr<FileDetector> NewDockerfileDetector();

}  // namespace moat::detect
