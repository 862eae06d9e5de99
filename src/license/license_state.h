// The edition a running center has: the license's when a valid one is installed, Enterprise
// otherwise, with the reason kept for display (GET /api/v1/license, `moat license show`).
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "license/license.h"

namespace moat::license {

struct LicenseState {
  Edition edition = Edition::kEnterprise;  // effective: what the center grants now
  // The installed license as parsed, also when it failed verification (for display only; only
  // `edition` and `status` are trusted). nullopt without a license or when it did not parse.
  std::optional<License> license;
  // OK with a valid license or without one; the verification error otherwise.
  absl::Status status;
  bool licensed() const { return license.has_value() && status.ok(); }
};

// Evaluates the installed license text (nullopt: none installed) against the public key at `now`.
LicenseState EvaluateLicense(std::optional<absl::string_view> license_text,
                             absl::string_view public_key_pem, absl::Time now);

}  // namespace moat::license
