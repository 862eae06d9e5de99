// The image history detector: risky build commands in history created_by (piping downloads into
// a shell, plain HTTP, chmod 777, TLS checks off, unpinned packages, secrets, sudo, caches).
#pragma once

#include <memory>
#include <vector>

#include "detect/detector.h"

namespace moat::detect {

// Findings of category kHistory, rule ids MOAT-HIST-nnn (docs/design/config-checks.md), with
// evidence.layer the layer the history entry made (-1 for entries without a layer) and the
// offending command as excerpt, secrets masked. Thread-safe.
std::unique_ptr<ImageDetector> NewHistoryDetector();

// The history entries' layer indexes: entries with empty_layer get -1, the others count up
// from 0 (and -1 past the image's `layers`).
std::vector<int> HistoryLayers(const std::vector<image::HistoryEntry>& history, size_t layers);

}  // namespace moat::detect
