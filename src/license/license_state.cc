#include "license/license_state.h"

namespace moat::license {

LicenseState EvaluateLicense(std::optional<absl::string_view> license_text,
                             absl::string_view public_key_pem, absl::Time now) {
  LicenseState state;
  if (!license_text) return state;
  absl::StatusOr<LicenseFile> file = ParseLicenseFile(*license_text);
  if (!file.ok()) {
    state.status = file.status();
    return state;
  }
  state.license = file->license;
  state.status = CheckLicenseSignature(*file, public_key_pem);
  if (state.status.ok()) state.status = CheckNotExpired(file->license, now);
  if (state.status.ok()) state.edition = file->license.edition;
  return state;
}

}  // namespace moat::license
