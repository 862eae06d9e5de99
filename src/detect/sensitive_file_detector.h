// The sensitive-file detector: files that should not ship in an image (private keys, cloud and
// registry credentials, kubeconfigs with tokens, password hashes, .env files, database dumps,
// keystores), recognised by path and confirmed by content. See docs/design/secrets.md.
#pragma once

#include <memory>

#include "detect/detector.h"

namespace moat::detect {

// Immutable and thread-safe. Findings have category kSensitiveFile, source "moat" and an
// excerpt with values masked.
std::unique_ptr<FileDetector> NewSensitiveFileDetector();

}  // namespace moat::detect
