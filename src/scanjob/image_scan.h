// The scan pipeline of `moat scan` for the center: the inventory and detector findings of an
// image on one read, then the vulnerabilities of that inventory from the database.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "detect/detector.h"
#include "image/image_source.h"
#include "report/scan_result.h"

namespace moat::scanjob {

// Reads `source` once (`jobs` layers in parallel) through every cataloger and the file
// detectors of `detectors` (may be null: inventory only), then runs its image detectors.
// Fills image, inventory, findings, scanner_version and scanners ("vuln" and the scanners the
// detectors belong to); scanned_at is the caller's. Errors are image-level failures, annotated
// with the image reference.
absl::StatusOr<report::ScanResult> ScanImageSource(image::ImageSource& source,
                                                   const detect::Detectors* detectors, int jobs);

// Matches `result.inventory` against the database at `db_path`, filling `database` and
// `vulnerabilities`. An empty path or a missing file leaves the result unchecked (database
// nullopt) and is OK; a database that does not open is an error.
absl::Status MatchResult(const std::string& db_path, report::ScanResult& result);

// Whether a vulnerability database file exists at `db_path`.
bool DatabaseExists(const std::string& db_path);

}  // namespace moat::scanjob
