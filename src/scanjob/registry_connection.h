// How the center reaches one of its registries: host and scheme from the record's URL, the
// credentials (the record's secret opened), TLS settings (a CA given as PEM is written to a
// temporary file for the HTTP client), and the HTTP client made from them.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "image/registry_client.h"
#include "image/registry_source.h"
#include "scanjob/scan_env.h"

namespace moat::scanjob {

struct RegistryEndpoint {
  std::string host;         // host[:port]
  bool plain_http = false;  // the URL said http://
};

// "https://r.example:5000/" → {"r.example:5000", false}; "http://127.0.0.1:5000" → plain HTTP;
// no scheme means HTTPS (loopback hosts still fall back to HTTP). A path, user info or an empty
// host is InvalidArgument.
absl::StatusOr<RegistryEndpoint> ParseRegistryUrl(absl::string_view url);

// Not thread-safe to create; the HTTP client and RegistryClients it makes are thread-safe.
class RegistryConnection {
 public:
  // `password`, when given, is used instead of the record's opened secret (testing credentials
  // before they are saved). `cache_blobs` puts env.blob_cache_dir in front of the client.
  static absl::StatusOr<std::unique_ptr<RegistryConnection>> Open(
      const ScanEnv& env, const store::RegistryRecord& registry,
      const std::optional<std::string>& password, bool cache_blobs);
  ~RegistryConnection();
  RegistryConnection(const RegistryConnection&) = delete;
  RegistryConnection& operator=(const RegistryConnection&) = delete;

  const std::string& host() const { return endpoint_.host; }
  platform::HttpClient* http() const { return http_.get(); }
  // A client of `repository` ("" for registry-wide calls such as the catalog).
  std::unique_ptr<image::RegistryClient> Client(const std::string& repository) const;
  // Options for image::OpenRegistryImage of `repository@digest` on this registry.
  image::RegistryOptions ImageOptions(const std::string& repository,
                                      const std::string& digest) const;

 private:
  RegistryConnection(platform::Clock* clock, RegistryEndpoint endpoint)
      : clock_(clock), endpoint_(std::move(endpoint)) {}

  platform::Clock* clock_;
  RegistryEndpoint endpoint_;
  image::RegistryCredentials credentials_;
  bool insecure_ = false;
  std::string ca_file_;  // temporary, removed by the destructor
  std::unique_ptr<platform::HttpClient> http_;
};

}  // namespace moat::scanjob
