#include "image/registry_client.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sha256.h"
#include "common/status.h"
#include "image/registry_blob_stream.h"

namespace moat::image {
namespace {

absl::StatusCode CodeForHttpStatus(int status) {
  if (status == 401 || status == 403) return absl::StatusCode::kPermissionDenied;
  if (status == 404) return absl::StatusCode::kNotFound;
  if (status == 429) return absl::StatusCode::kResourceExhausted;
  if (status >= 500) return absl::StatusCode::kUnavailable;
  return absl::StatusCode::kFailedPrecondition;
}

// All WWW-Authenticate headers joined: some registries send one challenge per header.
std::string AllChallenges(const platform::HttpResponse& response) {
  std::vector<std::string> values;
  for (const auto& [name, value] : response.headers()) {
    if (absl::EqualsIgnoreCase(name, "WWW-Authenticate")) values.push_back(value);
  }
  return absl::StrJoin(values, ", ");
}

absl::Status CheckDigestForm(absl::string_view digest, absl::string_view what) {
  if (IsValidSha256Digest(digest)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": \"", digest, "\" is not a sha256 digest"));
}

}  // namespace

bool IsLoopbackHost(absl::string_view host) {
  if (absl::StartsWith(host, "[")) return absl::StartsWith(host, "[::1]");
  host = host.substr(0, host.find(':'));
  return host == "localhost" || absl::StartsWith(host, "127.");
}

RegistryClient::RegistryClient(std::string api_host, std::string repository,
                               RegistryClientOptions options, platform::HttpClient* http,
                               platform::Clock* clock)
    : host_(std::move(api_host)),
      repository_(std::move(repository)),
      options_(std::move(options)),
      http_(http),
      clock_(clock),
      authenticator_(options_.credentials, http, clock, options_.retry) {}

std::string RegistryClient::base_url() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return base_url_;
}

absl::StatusOr<std::unique_ptr<platform::HttpResponse>> RegistryClient::PingScheme(
    absl::string_view scheme, bool last) {
  platform::HttpRequest request;
  request.url = absl::StrCat(scheme, "://", host_, "/v2/");
  RetryPolicy policy = options_.retry;
  // A first scheme that fails is followed by the next one rather than retried.
  if (!last) policy.max_attempts = 1;
  return SendWithRetries(*http_, *clock_, policy, request);
}

absl::Status RegistryClient::Ping() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (pinged_) return absl::OkStatus();
  std::vector<std::string> schemes = {options_.plain_http ? "http" : "https"};
  if (!options_.plain_http && (options_.allow_http_fallback || IsLoopbackHost(host_))) {
    schemes.push_back("http");
  }
  std::string what = absl::StrCat("pinging registry ", host_);
  std::vector<std::string> failures;
  for (size_t i = 0; i < schemes.size(); ++i) {
    auto response = PingScheme(schemes[i], i + 1 == schemes.size());
    if (!response.ok()) {
      failures.push_back(std::string(response.status().message()));
      // Only a failure to connect or handshake suggests the other scheme; a certificate the
      // client distrusts is reported as it is.
      if (response.status().code() == absl::StatusCode::kUnavailable) continue;
      return Annotate(response.status(), what);
    }
    int status = (*response)->status_code();
    if (status == 404 || status >= 500) {
      return absl::Status(
          CodeForHttpStatus(status),
          absl::StrCat(what, ": ", DescribeHttpError(**response),
                       status == 404 ? " (is it an OCI distribution registry?)" : ""));
    }
    if (status == 401) {
      challenge_ = PreferredChallenge(ParseWwwAuthenticate(AllChallenges(**response)));
    }
    base_url_ = absl::StrCat(schemes[i], "://", host_);
    pinged_ = true;
    return absl::OkStatus();
  }
  return absl::UnavailableError(
      absl::StrCat(what, ": ", absl::StrJoin(failures, "; then over plain HTTP: ")));
}

absl::StatusOr<std::unique_ptr<platform::HttpResponse>> RegistryClient::Send(
    platform::HttpRequest request, absl::string_view actions) {
  MOAT_RETURN_IF_ERROR(Ping());
  if (absl::StartsWith(request.url, "/")) request.url = absl::StrCat(base_url(), request.url);
  std::string scope = absl::StrCat("repository:", repository_, ":", actions);
  for (int round = 0;; ++round) {
    std::optional<AuthChallenge> challenge;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      challenge = challenge_;
    }
    platform::HttpRequest attempt = request;
    std::string authorization;
    if (challenge.has_value()) {
      MOAT_ASSIGN_OR_RETURN(authorization, authenticator_.Authorization(*challenge, scope));
      if (!authorization.empty()) attempt.headers.emplace_back("Authorization", authorization);
    }
    MOAT_ASSIGN_OR_RETURN(auto response, SendWithRetries(*http_, *clock_, options_.retry, attempt));
    if (response->status_code() != 401 || round > 0) return response;
    std::optional<AuthChallenge> next =
        PreferredChallenge(ParseWwwAuthenticate(AllChallenges(*response)));
    // Basic credentials refused once are refused again; a new or expired token may not be.
    if (!next.has_value() || (next->scheme == "basic" && !authorization.empty())) return response;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      challenge_ = *next;
    }
    authenticator_.Forget(scope);
  }
}

absl::Status RegistryClient::ErrorFor(platform::HttpResponse& response,
                                      absl::string_view what) const {
  int status = response.status_code();
  std::string message = absl::StrCat(what, ": ", DescribeHttpError(response));
  if (status == 401 || status == 403) {
    absl::StrAppend(&message, " ", authenticator_.DescribeCredentials());
  }
  return absl::Status(CodeForHttpStatus(status), message);
}

absl::StatusOr<RegistryClient::SmallBody> RegistryClient::FetchSmall(
    const platform::HttpRequest& request, int64_t max_bytes, absl::string_view what,
    absl::string_view noun) {
  std::string too_large =
      absl::StrCat(what, ": the ", noun, " is larger than the limit of ", max_bytes, " bytes");
  for (int attempt = 1;; ++attempt) {
    absl::StatusOr<std::unique_ptr<platform::HttpResponse>> sent = Send(request);
    if (!sent.ok()) return Annotate(sent.status(), what);
    std::unique_ptr<platform::HttpResponse> response = *std::move(sent);
    if (response->status_code() != 200) return ErrorFor(*response, what);
    if (response->ContentLength() > max_bytes) return absl::ResourceExhaustedError(too_large);
    absl::StatusOr<std::string> bytes =
        platform::ReadAll(response->body(), static_cast<size_t>(max_bytes), what);
    if (bytes.ok()) {
      return SmallBody{*std::move(bytes), response->Header("Content-Type"),
                       response->Header("Docker-Content-Digest")};
    }
    if (bytes.status().code() == absl::StatusCode::kResourceExhausted) {
      return absl::ResourceExhaustedError(too_large);
    }
    if (!IsRetryableError(bytes.status()) || attempt >= options_.retry.max_attempts) {
      return Annotate(bytes.status(), what);
    }
    clock_->SleepFor(Backoff(options_.retry, attempt, ""));
  }
}

absl::StatusOr<FetchedManifest> RegistryClient::FetchManifest(absl::string_view reference,
                                                              int64_t max_bytes,
                                                              absl::string_view what) {
  bool by_digest = absl::StartsWith(reference, "sha256:");
  if (by_digest) MOAT_RETURN_IF_ERROR(CheckDigestForm(reference, what));
  platform::HttpRequest request;
  request.url = absl::StrCat("/v2/", repository_, "/manifests/", reference);
  request.headers.emplace_back("Accept", std::string(kManifestAccept));
  MOAT_ASSIGN_OR_RETURN(SmallBody body, FetchSmall(request, max_bytes, what, "manifest"));
  FetchedManifest manifest;
  manifest.digest = absl::StrCat("sha256:", Sha256Hex(body.bytes));
  if (by_digest && manifest.digest != reference) {
    return absl::DataLossError(
        absl::StrCat(what, ": the registry sent a manifest with digest ", manifest.digest));
  }
  if (absl::StartsWith(body.docker_content_digest, "sha256:") &&
      body.docker_content_digest != manifest.digest) {
    return absl::DataLossError(absl::StrCat(what, ": the manifest's digest is ", manifest.digest,
                                            " but Docker-Content-Digest says ",
                                            body.docker_content_digest));
  }
  manifest.bytes = std::move(body.bytes);
  manifest.content_type = std::move(body.content_type);
  return manifest;
}

absl::StatusOr<std::string> RegistryClient::FetchBlob(absl::string_view digest, int64_t max_bytes,
                                                      absl::string_view what) {
  MOAT_RETURN_IF_ERROR(CheckDigestForm(digest, what));
  platform::HttpRequest request;
  request.url = absl::StrCat("/v2/", repository_, "/blobs/", digest);
  MOAT_ASSIGN_OR_RETURN(SmallBody body, FetchSmall(request, max_bytes, what, "blob"));
  std::string actual = absl::StrCat("sha256:", Sha256Hex(body.bytes));
  if (actual != digest) {
    return absl::DataLossError(absl::StrCat(what, ": the bytes have digest ", actual));
  }
  return std::move(body.bytes);
}

absl::StatusOr<std::unique_ptr<platform::ReadStream>> RegistryClient::OpenBlob(
    absl::string_view digest, int64_t size, absl::string_view what) {
  MOAT_RETURN_IF_ERROR(CheckDigestForm(digest, what));
  platform::HttpRequest request;
  request.url = absl::StrCat("/v2/", repository_, "/blobs/", digest);
  absl::StatusOr<std::unique_ptr<platform::HttpResponse>> sent = Send(request);
  if (!sent.ok()) return Annotate(sent.status(), what);
  std::unique_ptr<platform::HttpResponse> response = *std::move(sent);
  if (response->status_code() != 200) return ErrorFor(*response, what);
  BlobReopener reopen = [this, request](int64_t offset) {
    clock_->SleepFor(options_.retry.initial_backoff);
    platform::HttpRequest ranged = request;
    ranged.headers.emplace_back("Range", absl::StrCat("bytes=", offset, "-"));
    return Send(ranged);
  };
  return std::unique_ptr<platform::ReadStream>(
      std::make_unique<ResumingBlobStream>(std::move(response), size, std::move(reopen),
                                           options_.retry.max_attempts - 1, std::string(what)));
}

}  // namespace moat::image
