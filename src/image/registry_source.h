// Images in OCI distribution (v2) registries — Docker's registry, Harbor, Quay, ACR, ... — as an
// ImageSource: the manifest (through an index for the wanted platform) and config are read
// when opened, layers are streamed from the registry when asked for.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "image/image.h"
#include "image/image_source.h"
#include "image/limits.h"
#include "image/registry_credentials.h"
#include "image/registry_http.h"
#include "platform/clock.h"
#include "platform/http_client.h"

namespace moat::image {

struct RegistryOptions {
  std::string reference;  // "registry.example:5000/team/app:1.2", "ubuntu", "…@sha256:…"
  RegistryCredentials credentials;  // from ResolveCredentials; empty: anonymous
  std::string ca_file;              // PEM bundle to trust instead of the system store
  // Accept any TLS certificate, and fall back to plain HTTP when HTTPS fails (crane/skopeo's
  // --insecure, --tls-verify=false).
  bool insecure = false;
  // Speak plain HTTP only (oras/helm's --plain-http).
  bool plain_http = false;
  Platform platform = {"linux", "amd64", ""};  // picked from an index / manifest list
  ScanLimits limits;
  RetryPolicy retry;
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration idle_timeout = absl::Seconds(30);
};

// The HttpClient settings (CA file, TLS verification, timeouts) `options` ask for.
platform::HttpClientOptions HttpClientOptionsFor(const RegistryOptions& options);

// Reads the manifest and config of `options.reference`, with `http` (made from
// HttpClientOptionsFor(options)) and `clock` (retry backoff, token expiry), which must outlive
// the source. Errors name what was fetched and why, e.g.
// `fetching manifest 127.0.0.1:5000/demo/app:1.0: HTTP 404 MANIFEST_UNKNOWN: manifest unknown`.
// The source's OpenLayer may be called from several threads at once.
absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(const RegistryOptions& options,
                                                               platform::HttpClient* http,
                                                               platform::Clock* clock);

// The same, the source owning `http` and `clock` (e.g. from the CLI's client factory).
absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(
    const RegistryOptions& options, std::unique_ptr<platform::HttpClient> http,
    std::unique_ptr<platform::Clock> clock);

// The same with its own libcurl client (NewCurlHttpClient(HttpClientOptionsFor(options))) and
// the system clock.
absl::StatusOr<std::unique_ptr<ImageSource>> OpenRegistryImage(const RegistryOptions& options);

}  // namespace moat::image
