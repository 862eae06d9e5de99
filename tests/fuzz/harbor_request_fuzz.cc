// Fuzzes the Harbor adapter's ScanRequest parser and Accept header choice, and the registry
// Authorization decoding of the worker, with arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "scanjob/harbor_job.h"
#include "server/harbor_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  auto request = moat::server::ParseHarborScanRequest(input);
  if (request.ok()) {
    (void)moat::scanjob::CredentialsFromAuthorization(request->authorization);
  }
  (void)moat::server::ChooseReportMime(input);
  (void)moat::scanjob::CredentialsFromAuthorization(input);
  (void)moat::scanjob::ParseHarborJobPayload(std::string(input));
  return 0;
}
