// Moat's signed license files: what a license grants (edition, expiry, quotas), how a file is
// parsed and verified against an Ed25519 public key, and how one is issued. Format:
// docs/formats/license.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace moat::license {

enum class Edition { kEnterprise, kUltimate };

// "enterprise", "ultimate" (the file's spelling).
const char* EditionName(Edition edition);
// "Enterprise", "Ultimate" (for people).
const char* EditionTitle(Edition edition);
std::optional<Edition> ParseEdition(absl::string_view name);

// Upper limits the license grants; 0 means no limit.
struct Quotas {
  int64_t images = 0;
  int64_t nodes = 0;
  int64_t clusters = 0;
  bool operator==(const Quotas&) const = default;
};

struct License {
  std::string id;
  std::string customer;
  Edition edition = Edition::kEnterprise;
  absl::Time issued_at;   // whole seconds (RFC 3339 in the file)
  absl::Time expires_at;  // the license is valid while now < expires_at
  Quotas quotas;
  bool operator==(const License&) const = default;
};

// A license file parsed but not yet trusted: the license, the canonical bytes its signature
// covers and the raw 64-byte signature.
struct LicenseFile {
  License license;
  std::string signed_bytes;
  std::string signature;
};

// Files larger than this are refused before parsing.
inline constexpr size_t kMaxLicenseFileBytes = 64 * 1024;

// Parses a license file and checks every field; does NOT check the signature or the expiry.
// Errors are InvalidArgument with a message starting "license: ". Never crashes on any input.
absl::StatusOr<LicenseFile> ParseLicenseFile(absl::string_view file_text);

// OK when the file's signature is by `public_key_pem`; PermissionDenied "license: signature does
// not match the public key" otherwise, InvalidArgument when the PEM is not an Ed25519 key.
absl::Status CheckLicenseSignature(const LicenseFile& file, absl::string_view public_key_pem);

// FailedPrecondition "license: expired on YYYY-MM-DD" when now >= expires_at.
absl::Status CheckNotExpired(const License& license, absl::Time now);

// Parse, signature and expiry checks together: the license when all pass.
absl::StatusOr<License> VerifyLicense(absl::string_view file_text, absl::string_view public_key_pem,
                                      absl::Time now);

// The text of a license file for `license`, signed with `private_key_pem` (Ed25519, PKCS#8 PEM).
// InvalidArgument when a field is invalid (empty id or customer, negative quota, expiry not
// after issue) or the key is not an Ed25519 private key.
absl::StatusOr<std::string> IssueLicense(const License& license, absl::string_view private_key_pem);

// A fresh license id: "lic_" + 16 random hex digits.
absl::StatusOr<std::string> NewLicenseId();

// "2027-12-31T23:59:59Z".
std::string FormatLicenseTime(absl::Time time);

}  // namespace moat::license
