#include "scanjob/registry_scan.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/json.h"
#include "common/status.h"
#include "image/registry_http.h"
#include "scanjob/registry_connection.h"
#include "scanjob/registry_listing.h"

namespace moat::scanjob {
namespace {

store::TimeMs NowMs(const ScanEnv& env) { return absl::ToUnixMillis(env.clock->Now()); }

bool CatalogDenied(const absl::Status& status) {
  return status.code() == absl::StatusCode::kPermissionDenied ||
         status.code() == absl::StatusCode::kNotFound;
}

// The tags of one repository grouped by the digest they point at, and whether any of a
// digest's tags is new or moved.
struct DigestTags {
  std::vector<std::string> tags;
  bool changed = false;
};

absl::StatusOr<std::map<std::string, DigestTags>> ResolveRepository(
    const ScanEnv& env, const store::RegistryRecord& registry, RegistryConnection& connection,
    const std::string& repository) {
  std::unique_ptr<image::RegistryClient> client = connection.Client(repository);
  std::map<std::string, DigestTags> by_digest;
  auto tags = ListTags(*client);
  if (!tags.ok() && tags.status().code() == absl::StatusCode::kNotFound) return by_digest;
  if (!tags.ok()) return tags.status();
  for (const std::string& tag : *tags) {
    auto digest = ResolveTagDigest(*client, tag);
    if (!digest.ok() && digest.status().code() == absl::StatusCode::kNotFound) continue;
    if (!digest.ok()) return digest.status();
    MOAT_ASSIGN_OR_RETURN(bool moved, env.store->RecordTag(registry.id, repository, tag, *digest));
    DigestTags& entry = by_digest[*digest];
    entry.tags.push_back(tag);
    entry.changed = entry.changed || moved;
  }
  return by_digest;
}

store::JobRecord ScanJobFor(const ScanEnv& env, const store::RegistryRecord& registry,
                            const std::string& repository, const std::string& digest,
                            const std::vector<std::string>& tags) {
  Json payload = Json::object();
  payload["registryId"] = registry.id;
  payload["repository"] = repository;
  payload["tag"] = tags.front();
  payload["tags"] = tags;
  store::JobRecord job;
  job.kind = "scan";
  job.digest = digest;
  job.payload = DumpJson(payload);
  job.state = "queued";
  job.created_at = NowMs(env);
  job.updated_at = job.created_at;
  return job;
}

}  // namespace

absl::Status TestRegistry(const ScanEnv& env, const store::RegistryRecord& registry,
                          const std::string& password) {
  std::string what = absl::StrCat("registry \"", registry.name, "\" (", registry.url, ")");
  auto connection = RegistryConnection::Open(env, registry, password, /*cache_blobs=*/false);
  if (!connection.ok()) return Annotate(connection.status(), what);
  std::unique_ptr<image::RegistryClient> client = (*connection)->Client("");
  if (absl::Status ping = client->Ping(); !ping.ok()) return Annotate(ping, what);
  platform::HttpRequest request;
  request.url = "/v2/";
  auto response = client->Send(request);
  if (!response.ok()) return Annotate(response.status(), what);
  int status = (*response)->status_code();
  if (status == 200) return absl::OkStatus();
  std::string described = image::DescribeHttpError(**response);
  if (status == 401 || status == 403) {
    return absl::PermissionDeniedError(absl::StrCat(what, " refused the credentials: ", described));
  }
  return absl::FailedPreconditionError(absl::StrCat(what, ": ", described));
}

absl::StatusOr<std::vector<std::string>> ListRepositories(const ScanEnv& env,
                                                          const store::RegistryRecord& registry) {
  // Repositories the user named are the scope of the registry: the catalog is not consulted.
  std::vector<std::string> repositories = registry.repositories;
  if (repositories.empty()) {
    std::string what = absl::StrCat("listing the repositories of registry \"", registry.name, "\"");
    auto connection = RegistryConnection::Open(env, registry, std::nullopt, /*cache_blobs=*/false);
    if (!connection.ok()) return Annotate(connection.status(), what);
    std::unique_ptr<image::RegistryClient> client = (*connection)->Client("");
    auto listed = ListPaged(*client, "/v2/_catalog?n=1000", "repositories", what);
    if (!listed.ok() && CatalogDenied(listed.status())) {
      return absl::FailedPreconditionError(
          absl::StrCat(listed.status().message(),
                       "; the catalog is not available, so configure the repositories to scan"));
    }
    if (!listed.ok()) return listed.status();
    repositories = *std::move(listed);
  }
  std::sort(repositories.begin(), repositories.end());
  repositories.erase(std::unique(repositories.begin(), repositories.end()), repositories.end());
  return repositories;
}

absl::StatusOr<std::vector<store::JobRecord>> EnqueueRegistryScan(
    const ScanEnv& env, const store::RegistryRecord& registry) {
  MOAT_ASSIGN_OR_RETURN(std::vector<std::string> repositories, ListRepositories(env, registry));
  std::string what = absl::StrCat("scanning registry \"", registry.name, "\"");
  auto connection = RegistryConnection::Open(env, registry, std::nullopt, /*cache_blobs=*/false);
  if (!connection.ok()) return Annotate(connection.status(), what);
  std::vector<store::JobRecord> jobs;
  std::set<std::string> seen;
  for (const std::string& repository : repositories) {
    auto by_digest = ResolveRepository(env, registry, **connection, repository);
    if (!by_digest.ok()) return Annotate(by_digest.status(), what);
    for (const auto& [digest, entry] : *by_digest) {
      MOAT_ASSIGN_OR_RETURN(std::optional<store::ImageRecord> image, env.store->GetImage(digest));
      if (!entry.changed && image.has_value()) continue;
      MOAT_ASSIGN_OR_RETURN(
          store::JobRecord job,
          env.store->EnqueueJob(ScanJobFor(env, registry, repository, digest, entry.tags)));
      if (seen.insert(job.id).second) jobs.push_back(std::move(job));
    }
  }
  MOAT_RETURN_IF_ERROR(env.store->SetRegistryScanned(registry.id, NowMs(env)));
  return jobs;
}

}  // namespace moat::scanjob
