#include "scanjob/harbor_job.h"

#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/json.h"
#include "common/status.h"
#include "image/registry_source.h"
#include "scanjob/blob_cache.h"
#include "scanjob/image_scan.h"
#include "scanjob/registry_connection.h"
#include "scanjob/scan_job.h"

namespace moat::scanjob {
namespace {

// Consumes a case-insensitive auth scheme and the blanks after it.
bool ConsumeScheme(absl::string_view* value, absl::string_view scheme) {
  if (value->size() <= scheme.size() ||
      !absl::EqualsIgnoreCase(value->substr(0, scheme.size()), scheme) ||
      (*value)[scheme.size()] != ' ') {
    return false;
  }
  value->remove_prefix(scheme.size());
  *value = absl::StripLeadingAsciiWhitespace(*value);
  return true;
}

absl::StatusOr<image::RegistryCredentials> OpenCredentials(const ScanEnv& env,
                                                           const HarborJobPayload& payload) {
  if (payload.sealed_authorization.empty()) return image::RegistryCredentials{};
  if (!env.open_secret) {
    return absl::FailedPreconditionError("no way to open the registry authorization Harbor sent");
  }
  auto opened = env.open_secret(payload.sealed_authorization);
  if (!opened.ok()) return Annotate(opened.status(), "opening the registry authorization");
  MOAT_ASSIGN_OR_RETURN(image::RegistryCredentials credentials,
                        CredentialsFromAuthorization(*opened));
  credentials.source = "Harbor's scan request";
  return credentials;
}

absl::StatusOr<report::ScanResult> PullAndScan(const ScanEnv& env, const HarborJobPayload& payload,
                                               const RegistryEndpoint& endpoint,
                                               const std::string& digest) {
  image::RegistryOptions options;
  options.reference = absl::StrCat(endpoint.host, "/", payload.repository, "@", digest);
  options.plain_http = endpoint.plain_http;
  MOAT_ASSIGN_OR_RETURN(options.credentials, OpenCredentials(env, payload));
  if (!env.make_http) return absl::FailedPreconditionError("no HTTP client factory");
  std::unique_ptr<platform::HttpClient> http = env.make_http(image::HttpClientOptionsFor(options));
  if (!env.blob_cache_dir.empty()) {
    http = NewBlobCachingHttpClient(std::move(http), env.blob_cache_dir);
  }
  MOAT_ASSIGN_OR_RETURN(auto source, image::OpenRegistryImage(options, http.get(), env.clock));
  MOAT_ASSIGN_OR_RETURN(report::ScanResult result,
                        ScanImageSource(*source, env.detectors, env.read_jobs));
  if (!payload.tag.empty()) {
    result.image.repo_tags = {
        absl::StrCat(endpoint.host, "/", payload.repository, ":", payload.tag)};
  }
  result.scanned_at = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", env.clock->Now(), absl::UTCTimeZone());
  MOAT_RETURN_IF_ERROR(MatchResult(env.db_path, result));
  return result;
}

}  // namespace

std::string HarborJobPayloadJson(const HarborJobPayload& payload) {
  Json json = Json::object();
  json["harbor"] = {{"registryUrl", payload.registry_url},
                    {"authorization", payload.sealed_authorization}};
  json["repository"] = payload.repository;
  json["tag"] = payload.tag;
  json["mimeType"] = payload.mime_type;
  return DumpJson(json);
}

absl::StatusOr<std::optional<HarborJobPayload>> ParseHarborJobPayload(const std::string& json) {
  MOAT_ASSIGN_OR_RETURN(Json parsed, ParseJson(json, "scan job payload"));
  const Json* harbor = parsed.is_object() ? JsonField(parsed, "harbor") : nullptr;
  if (harbor == nullptr || !harbor->is_object()) return std::nullopt;
  HarborJobPayload payload;
  payload.registry_url = JsonString(*harbor, "registryUrl");
  payload.sealed_authorization = JsonString(*harbor, "authorization");
  payload.repository = JsonString(parsed, "repository");
  payload.tag = JsonString(parsed, "tag");
  payload.mime_type = JsonString(parsed, "mimeType");
  if (payload.registry_url.empty() || payload.repository.empty()) {
    return absl::InvalidArgumentError(
        "Harbor scan job payload: harbor.registryUrl and repository are required");
  }
  return payload;
}

absl::StatusOr<image::RegistryCredentials> CredentialsFromAuthorization(
    absl::string_view authorization) {
  image::RegistryCredentials credentials;
  absl::string_view value = absl::StripAsciiWhitespace(authorization);
  if (value.empty()) return credentials;
  if (ConsumeScheme(&value, "Bearer")) {
    credentials.registry_token = std::string(value);
    return credentials;
  }
  if (!ConsumeScheme(&value, "Basic")) {
    return absl::InvalidArgumentError(
        "registry authorization: want \"Basic <base64>\" or \"Bearer <token>\"");
  }
  std::string decoded;
  size_t colon = std::string::npos;
  if (absl::Base64Unescape(value, &decoded)) colon = decoded.find(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(
        "registry authorization: Basic credentials are not base64 of \"user:password\"");
  }
  credentials.username = decoded.substr(0, colon);
  credentials.password = decoded.substr(colon + 1);
  return credentials;
}

absl::Status RunHarborScanJob(const ScanEnv& env, const store::JobRecord& job,
                              const HarborJobPayload& payload,
                              const std::function<bool()>& still_owned) {
  std::string what = absl::StrCat("scanning ", payload.repository, "@", job.digest);
  auto endpoint = ParseRegistryUrl(payload.registry_url);
  if (!endpoint.ok()) return Annotate(endpoint.status(), what);
  ScanPayload record_payload;
  record_payload.repository = absl::StrCat(endpoint->host, "/", payload.repository);
  if (!payload.tag.empty()) record_payload.tags = {payload.tag};
  what = absl::StrCat("scanning ", record_payload.repository, "@", job.digest);
  auto tagged = TagScannedImage(env, record_payload, job.digest);
  if (!tagged.ok()) return Annotate(tagged.status(), what);
  if (*tagged) return absl::OkStatus();
  auto result = PullAndScan(env, payload, *endpoint, job.digest);
  if (!result.ok()) return Annotate(result.status(), what);
  auto record =
      ScanRecordFor(*result, record_payload, job.digest, absl::ToUnixMillis(env.clock->Now()));
  if (!record.ok()) return Annotate(record.status(), what);
  if (still_owned && !still_owned()) return absl::OkStatus();
  if (auto stored = env.store->PutScan(*record); !stored.ok())
    return Annotate(stored.status(), what);
  return absl::OkStatus();
}

}  // namespace moat::scanjob
