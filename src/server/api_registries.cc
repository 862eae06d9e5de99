// Registries: add (with an optional connection test), list, get, remove, scan now; and the jobs
// a scan queues.
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/api_json.h"
#include "server/center.h"

namespace moat::server {
namespace {

constexpr const char* kRegistryTypes[] = {"docker-registry", "harbor", "quay", "acr-ee"};

bool KnownType(absl::string_view type) {
  for (const char* known : kRegistryTypes) {
    if (type == known) return true;
  }
  return false;
}

Json RegistryJson(const store::RegistryRecord& registry) {
  return Json{{"id", registry.id},
              {"name", registry.name},
              {"type", registry.type},
              {"url", registry.url},
              {"username", registry.username},
              {"hasPassword", !registry.secret.empty()},
              {"insecure", registry.insecure},
              {"hasCa", !registry.ca_pem.empty()},
              {"repositories", registry.repositories},
              {"scanIntervalSeconds", registry.scan_interval_s},
              {"createdAt", FormatTimeMs(registry.created_at)},
              {"lastScanAt", FormatTimeMs(registry.last_scan_at)}};
}

Json JobJson(const store::JobRecord& job) {
  auto payload = ParseJson(job.payload, "job payload");
  return Json{{"id", job.id},
              {"kind", job.kind},
              {"digest", job.digest},
              {"payload", payload.ok() ? *payload : Json(nullptr)},
              {"state", job.state},
              {"owner", job.owner},
              {"attempts", job.attempts},
              {"error", job.error},
              {"createdAt", FormatTimeMs(job.created_at)},
              {"updatedAt", FormatTimeMs(job.updated_at)}};
}

// The registry described by a request body, and its password in clear (not yet sealed).
absl::StatusOr<std::pair<store::RegistryRecord, std::string>> RegistryFrom(const Json& body) {
  store::RegistryRecord registry;
  registry.name = JsonString(body, "name");
  registry.type = JsonString(body, "type", "docker-registry");
  registry.url = JsonString(body, "url");
  registry.username = JsonString(body, "username");
  registry.insecure = JsonBool(body, "insecure");
  registry.ca_pem = JsonString(body, "caPem");
  registry.repositories = JsonStringArray(body, "repositories");
  registry.scan_interval_s = JsonInt(body, "scanIntervalSeconds").value_or(0);
  if (registry.name.empty() || registry.name.size() > 128) {
    return absl::InvalidArgumentError("name: required, at most 128 characters");
  }
  if (!KnownType(registry.type)) {
    return absl::InvalidArgumentError(absl::StrCat("type \"", registry.type, "\": expected one of ",
                                                   absl::StrJoin(kRegistryTypes, ", ")));
  }
  if (!absl::StartsWith(registry.url, "http://") && !absl::StartsWith(registry.url, "https://")) {
    return absl::InvalidArgumentError(
        absl::StrCat("url \"", registry.url, "\": expected http://host[:port] or https://..."));
  }
  while (absl::EndsWith(registry.url, "/")) registry.url.pop_back();
  if (registry.scan_interval_s < 0 ||
      (registry.scan_interval_s > 0 && registry.scan_interval_s < 60)) {
    return absl::InvalidArgumentError("scanIntervalSeconds: 0 (no schedule) or at least 60");
  }
  return std::make_pair(std::move(registry), JsonString(body, "password"));
}

}  // namespace

http::Response Center::ListRegistries(http::Request&, const Principal&) {
  auto registries = deps_.store->ListRegistries();
  if (!registries.ok()) return StatusResponse(registries.status());
  Json items = Json::array();
  for (const store::RegistryRecord& registry : *registries) items.push_back(RegistryJson(registry));
  return http::JsonResponse(200, DumpJson(Json{{"registries", std::move(items)}}));
}

http::Response Center::TestRegistry(http::Request& request, const Principal&) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  auto parsed = RegistryFrom(*body);
  if (!parsed.ok()) return StatusResponse(parsed.status());
  if (!deps_.test_registry) return http::ErrorResponse(503, "registry checks are not enabled");
  absl::Status status = deps_.test_registry(parsed->first, parsed->second);
  if (!status.ok()) {
    return http::ErrorResponse(
        502, absl::StrCat("registry ", parsed->first.url, ": ", status.message()));
  }
  return http::JsonResponse(200, R"({"ok":true})");
}

http::Response Center::CreateRegistry(http::Request& request, const Principal& who) {
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  auto parsed = RegistryFrom(*body);
  if (!parsed.ok()) return StatusResponse(parsed.status());
  auto& [registry, password] = *parsed;
  if (JsonBool(*body, "test", true) && deps_.test_registry) {
    absl::Status status = deps_.test_registry(registry, password);
    if (!status.ok()) {
      return http::ErrorResponse(
          502, absl::StrCat("registry ", registry.url, ": ", status.message(),
                            " (nothing was saved; send \"test\": false to save anyway)"));
    }
  }
  if (!password.empty()) {
    if (!deps_.seal_secret) return http::ErrorResponse(503, "credential storage is not enabled");
    auto sealed = deps_.seal_secret(password);
    if (!sealed.ok()) return StatusResponse(sealed.status());
    registry.secret = std::move(*sealed);
  }
  registry.created_at = NowMs();
  auto created = deps_.store->CreateRegistry(
      registry, Audit(who, "registry.create", registry.name, registry.url));
  if (!created.ok()) return StatusResponse(created.status());
  return http::JsonResponse(201, DumpJson(RegistryJson(*created)));
}

http::Response Center::GetRegistry(http::Request& request, const Principal&) {
  auto registry = deps_.store->GetRegistry(request.Param("id"));
  if (!registry.ok()) return StatusResponse(registry.status());
  return http::JsonResponse(200, DumpJson(RegistryJson(*registry)));
}

http::Response Center::DeleteRegistry(http::Request& request, const Principal& who) {
  std::string id = request.Param("id");
  absl::Status status = deps_.store->DeleteRegistry(id, Audit(who, "registry.delete", id));
  if (!status.ok()) return StatusResponse(status);
  return http::JsonResponse(200, DumpJson(Json{{"id", id}, {"deleted", true}}));
}

http::Response Center::PatchRegistry(http::Request& request, const Principal& who) {
  std::string id = request.Param("id");
  auto body = ParseBodyObject(request);
  if (!body.ok()) return StatusResponse(body.status());
  std::optional<int64_t> interval = JsonInt(*body, "scanIntervalSeconds");
  if (!interval.has_value() || *interval < 0 || (*interval > 0 && *interval < 60)) {
    return http::ErrorResponse(
        400, "scanIntervalSeconds: required, 0 (no schedule) or at least 60 seconds");
  }
  absl::Status status = deps_.store->SetRegistrySchedule(
      id, *interval, Audit(who, "registry.schedule", id, absl::StrCat(*interval, "s")));
  if (!status.ok()) return StatusResponse(status);
  auto registry = deps_.store->GetRegistry(id);
  if (!registry.ok()) return StatusResponse(registry.status());
  return http::JsonResponse(200, DumpJson(RegistryJson(*registry)));
}

http::Response Center::ScanRegistry(http::Request& request, const Principal&) {
  auto registry = deps_.store->GetRegistry(request.Param("id"));
  if (!registry.ok()) return StatusResponse(registry.status());
  if (!deps_.scan_registry)
    return http::ErrorResponse(503, "scanning is not enabled on this server");
  auto jobs = deps_.scan_registry(*registry);
  if (!jobs.ok()) {
    return http::ErrorResponse(
        502, absl::StrCat("scanning registry ", registry->name, ": ", jobs.status().message()));
  }
  Json items = Json::array();
  for (const store::JobRecord& job : *jobs) items.push_back(JobJson(job));
  return http::JsonResponse(202, DumpJson(Json{{"jobs", std::move(items)}}));
}

http::Response Center::GetJob(http::Request& request, const Principal&) {
  auto job = deps_.store->GetJob(request.Param("id"));
  if (!job.ok()) return StatusResponse(job.status());
  return http::JsonResponse(200, DumpJson(JobJson(*job)));
}

}  // namespace moat::server
