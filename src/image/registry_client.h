// A client of one repository in an OCI distribution (v2) registry: picks HTTPS or HTTP, pings
// /v2/, authenticates (Basic or bearer token), retries transient failures, and fetches
// manifests and blobs with their digests verified.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/registry_auth.h"
#include "image/registry_credentials.h"
#include "image/registry_http.h"
#include "platform/clock.h"
#include "platform/http_client.h"
#include "platform/stream.h"

namespace moat::image {

// The Accept header of manifest requests: OCI manifest and index, Docker v2 manifest and list.
inline constexpr absl::string_view kManifestAccept =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";

struct RegistryClientOptions {
  RegistryCredentials credentials;
  // Speak plain HTTP only.
  bool plain_http = false;
  // When HTTPS cannot connect or handshake, try plain HTTP. Always on for loopback hosts
  // (localhost, 127.0.0.0/8, [::1]), as Docker does.
  bool allow_http_fallback = false;
  RetryPolicy retry;
};

struct FetchedManifest {
  std::string bytes;
  std::string content_type;  // as the registry sent it
  std::string digest;        // sha256 of `bytes`
};

// Thread-safe: several threads may fetch at once.
class RegistryClient {
 public:
  // `api_host` is host[:port] (RegistryReference::ApiHost()); `http` and `clock` must outlive
  // the client.
  RegistryClient(std::string api_host, std::string repository, RegistryClientOptions options,
                 platform::HttpClient* http, platform::Clock* clock);

  // GET /v2/ once: settles the scheme and learns the registry's auth challenge.
  absl::Status Ping();

  // Sends `request` with authentication (scope "repository:<repository>:<actions>") and
  // retries. A `request.url` starting with '/' is relative to the registry. Any HTTP status is
  // returned as a response; a 401 is answered once with a fresh challenge before that.
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> Send(platform::HttpRequest request,
                                                               absl::string_view actions = "pull");

  // Fetches the manifest or index `reference` (tag or digest). Fails, with `what` as the
  // message prefix, on an HTTP error, bytes beyond `max_bytes`, a digest reference the bytes
  // do not match, or a Docker-Content-Digest header the bytes do not match.
  absl::StatusOr<FetchedManifest> FetchManifest(absl::string_view reference, int64_t max_bytes,
                                                absl::string_view what);
  // Fetches a small blob (an image config) whole, verified against `digest`.
  absl::StatusOr<std::string> FetchBlob(absl::string_view digest, int64_t max_bytes,
                                        absl::string_view what);
  // Opens a blob for streaming. The stream resumes broken transfers with Range requests and
  // holds the blob to `size` (-1: unknown); digest checking is the reader's job. The stream
  // must not outlive the client.
  absl::StatusOr<std::unique_ptr<platform::ReadStream>> OpenBlob(absl::string_view digest,
                                                                 int64_t size,
                                                                 absl::string_view what);

  // "https://host:port" once pinged.
  std::string base_url() const;
  const std::string& repository() const { return repository_; }

 private:
  struct SmallBody {
    std::string bytes;
    std::string content_type;
    std::string docker_content_digest;
  };
  absl::StatusOr<SmallBody> FetchSmall(const platform::HttpRequest& request, int64_t max_bytes,
                                       absl::string_view what, absl::string_view noun);
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> PingScheme(absl::string_view scheme,
                                                                     bool last);
  absl::Status ErrorFor(platform::HttpResponse& response, absl::string_view what) const;

  const std::string host_;
  const std::string repository_;
  const RegistryClientOptions options_;
  platform::HttpClient* http_;
  platform::Clock* clock_;
  RegistryAuthenticator authenticator_;
  mutable std::mutex mutex_;
  bool pinged_ = false;
  std::string base_url_;
  std::optional<AuthChallenge> challenge_;
};

// True for localhost, 127.0.0.0/8 and [::1], with or without a port.
bool IsLoopbackHost(absl::string_view host);

}  // namespace moat::image
