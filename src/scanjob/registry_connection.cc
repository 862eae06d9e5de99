#include "scanjob/registry_connection.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"
#include "scanjob/blob_cache.h"

namespace moat::scanjob {
namespace {

// Writes `pem` to a new temporary file; returns its path.
absl::StatusOr<std::string> WriteTempCa(const std::string& pem) {
  std::error_code error;
  std::filesystem::path dir = std::filesystem::temp_directory_path(error);
  if (error) dir = "/tmp";
  std::string path = (dir / "moat-registry-ca-XXXXXX").string();
  int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError("writing the registry's CA certificate: mkstemp failed");
  size_t done = 0;
  while (done < pem.size()) {
    ssize_t n = write(fd, pem.data() + done, pem.size() - done);
    if (n <= 0) {
      close(fd);
      unlink(path.c_str());
      return absl::InternalError("writing the registry's CA certificate: write failed");
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
  return path;
}

absl::StatusOr<image::RegistryCredentials> CredentialsOf(
    const ScanEnv& env, const store::RegistryRecord& registry,
    const std::optional<std::string>& password) {
  image::RegistryCredentials credentials;
  credentials.username = registry.username;
  credentials.source = absl::StrCat("registry \"", registry.name, "\"");
  if (password.has_value()) {
    credentials.password = *password;
  } else if (!registry.secret.empty()) {
    if (!env.open_secret) {
      return absl::FailedPreconditionError(
          absl::StrCat("registry \"", registry.name, "\": no way to open its stored secret"));
    }
    auto opened = env.open_secret(registry.secret);
    if (!opened.ok()) {
      return Annotate(opened.status(),
                      absl::StrCat("opening the secret of registry \"", registry.name, "\""));
    }
    credentials.password = *std::move(opened);
  }
  if (credentials.username.empty() && credentials.password.empty()) credentials.source.clear();
  return credentials;
}

}  // namespace

absl::StatusOr<RegistryEndpoint> ParseRegistryUrl(absl::string_view url) {
  RegistryEndpoint endpoint;
  absl::string_view rest = url;
  if (absl::ConsumePrefix(&rest, "http://")) {
    endpoint.plain_http = true;
  } else {
    absl::ConsumePrefix(&rest, "https://");
  }
  while (absl::ConsumeSuffix(&rest, "/")) {
  }
  if (rest.empty() || absl::StrContains(rest, "/") || absl::StrContains(rest, "@") ||
      absl::StrContains(rest, "://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("registry URL \"", url, "\": want http(s)://host[:port] without a path"));
  }
  endpoint.host = std::string(rest);
  return endpoint;
}

absl::StatusOr<std::unique_ptr<RegistryConnection>> RegistryConnection::Open(
    const ScanEnv& env, const store::RegistryRecord& registry,
    const std::optional<std::string>& password, bool cache_blobs) {
  MOAT_ASSIGN_OR_RETURN(RegistryEndpoint endpoint, ParseRegistryUrl(registry.url));
  if (!env.make_http) return absl::FailedPreconditionError("no HTTP client factory");
  std::unique_ptr<RegistryConnection> c(new RegistryConnection(env.clock, std::move(endpoint)));
  MOAT_ASSIGN_OR_RETURN(c->credentials_, CredentialsOf(env, registry, password));
  c->insecure_ = registry.insecure;
  if (!registry.ca_pem.empty()) {
    MOAT_ASSIGN_OR_RETURN(c->ca_file_, WriteTempCa(registry.ca_pem));
  }
  c->http_ = env.make_http(image::HttpClientOptionsFor(c->ImageOptions("", "")));
  if (cache_blobs && !env.blob_cache_dir.empty()) {
    c->http_ = NewBlobCachingHttpClient(std::move(c->http_), env.blob_cache_dir);
  }
  return c;
}

RegistryConnection::~RegistryConnection() {
  http_.reset();
  if (!ca_file_.empty()) unlink(ca_file_.c_str());
}

std::unique_ptr<image::RegistryClient> RegistryConnection::Client(
    const std::string& repository) const {
  image::RegistryClientOptions options;
  options.credentials = credentials_;
  options.plain_http = endpoint_.plain_http;
  options.allow_http_fallback = insecure_;
  return std::make_unique<image::RegistryClient>(endpoint_.host, repository, options, http_.get(),
                                                 clock_);
}

image::RegistryOptions RegistryConnection::ImageOptions(const std::string& repository,
                                                        const std::string& digest) const {
  image::RegistryOptions options;
  options.reference = absl::StrCat(endpoint_.host, "/", repository, "@", digest);
  options.credentials = credentials_;
  options.ca_file = ca_file_;
  options.insecure = insecure_;
  options.plain_http = endpoint_.plain_http;
  return options;
}

}  // namespace moat::scanjob
