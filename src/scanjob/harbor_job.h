// A "scan" job queued by Harbor through the pluggable scanner adapter: the image is pulled from
// the registry Harbor named, with the Authorization Harbor gave (kept sealed in the payload),
// then scanned and stored like a registry scan (type "registry", repository "<host>/<repo>").
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "image/registry_credentials.h"
#include "scanjob/scan_env.h"
#include "store/store.h"

namespace moat::scanjob {

// The payload: {"harbor": {"registryUrl", "authorization"}, "repository", "tag", "mimeType"}.
struct HarborJobPayload {
  std::string registry_url;          // "https://core.harbor.domain"
  std::string sealed_authorization;  // the Authorization value sealed by the center; "" for none
  std::string repository;            // "library/alpine" (without the registry host)
  std::string tag;                   // may be empty
  std::string mime_type;             // the artifact's manifest type; may be empty
};

std::string HarborJobPayloadJson(const HarborJobPayload& payload);
// nullopt when `json` is not a Harbor payload (no "harbor" object); InvalidArgument when it is
// one without a registry URL or repository.
absl::StatusOr<std::optional<HarborJobPayload>> ParseHarborJobPayload(const std::string& json);

// The registry credentials of an Authorization value: "Basic base64(user:password)" gives the
// username and password, "Bearer <token>" a ready registry token, "" none. Another scheme or a
// bad Basic value is InvalidArgument (the message never holds the credentials).
absl::StatusOr<image::RegistryCredentials> CredentialsFromAuthorization(
    absl::string_view authorization);

// Runs a job whose payload is a Harbor payload; same contract as RunScanJob.
absl::Status RunHarborScanJob(const ScanEnv& env, const store::JobRecord& job,
                              const HarborJobPayload& payload,
                              const std::function<bool()>& still_owned);

}  // namespace moat::scanjob
