// Fuzzes license file parsing and verification: any bytes yield a verified license, or an error
// starting "license: "; never a crash. The seeds (corpus/license_fuzz) are signed by the test key
// below, so the fuzzer also reaches the signature and expiry checks of well-formed files.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "license/embedded_key.h"
#include "license/license.h"

namespace {

// Public half of a throwaway test key (its private half signed the seeds and was deleted).
constexpr char kSeedPublicKey[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAn5IA4xrw1J5nSIjY9v/CjRHSlOhQmR322f6ePr/CdSM=\n"
    "-----END PUBLIC KEY-----\n";

void Check(const absl::StatusOr<moat::license::License>& result) {
  if (result.ok()) {
    if (result->id.empty() || result->customer.empty()) std::abort();
    if (result->expires_at <= result->issued_at) std::abort();
    if (result->quotas.images < 0 || result->quotas.nodes < 0 || result->quotas.clusters < 0) {
      std::abort();
    }
  } else if (!absl::StartsWith(result.status().message(), "license: ")) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  absl::Time now = absl::FromUnixSeconds(1800000000);  // 2027-01, inside the seeds' validity
  Check(moat::license::VerifyLicense(text, kSeedPublicKey, now));
  Check(moat::license::VerifyLicense(text, moat::license::EmbeddedPublicKeyPem(), now));
  return 0;
}
