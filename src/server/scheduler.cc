#include "server/scheduler.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "scanjob/blob_cache.h"
#include "scanjob/registry_scan.h"
#include "scanjob/rematch.h"
#include "vulndb/database.h"

namespace moat::server {

constexpr char kBuiltAtKey[] = "vulndb.built_at";

Scheduler::Scheduler(scanjob::ScanEnv env, absl::Duration period)
    : env_(std::move(env)), period_(period) {}

Scheduler::~Scheduler() { Stop(); }

absl::Status Scheduler::ScanDueRegistries() {
  MOAT_ASSIGN_OR_RETURN(auto registries, env_.store->ListRegistries());
  const store::TimeMs now = absl::ToUnixMillis(env_.clock->Now());
  absl::Status first = absl::OkStatus();
  for (const store::RegistryRecord& registry : registries) {
    if (registry.scan_interval_s <= 0) continue;
    if (registry.last_scan_at + registry.scan_interval_s * 1000 > now) continue;
    auto jobs = scanjob::EnqueueRegistryScan(env_, registry);
    if (!jobs.ok() && first.ok()) first = Annotate(jobs.status(), "registry " + registry.name);
  }
  return first;
}

absl::Status Scheduler::RematchIfDatabaseChanged() {
  if (env_.db_path.empty() || !std::filesystem::exists(env_.db_path)) return absl::OkStatus();
  MOAT_ASSIGN_OR_RETURN(auto db, vulndb::OpenVulnDatabase(env_.db_path));
  const std::string built_at = db->metadata().built_at;
  db.reset();
  MOAT_ASSIGN_OR_RETURN(auto known, env_.store->GetSetting(kBuiltAtKey));
  if (known.has_value() && *known == built_at) return absl::OkStatus();
  if (known.has_value()) {  // the first sight of a database has nothing stored to re-match
    MOAT_RETURN_IF_ERROR(scanjob::RematchAll(env_).status());
  }
  store::AuditEntry audit;
  audit.time = absl::ToUnixMillis(env_.clock->Now());
  audit.actor = "system";
  audit.action = "vulndb.update";
  audit.target = env_.db_path;
  audit.detail = absl::StrCat("database built at ", built_at, "; stored inventories re-matched");
  return env_.store->PutSetting(kBuiltAtKey, built_at, audit);
}

void Scheduler::TrimBlobCache() {
  if (env_.blob_cache_dir.empty()) return;
  scanjob::BlobCacheTrim trim =
      scanjob::TrimBlobCache(env_.blob_cache_dir, env_.blob_cache_max_bytes, env_.clock->Now());
  if (trim.removed > 0) {
    std::fprintf(stderr, "moat: layer cache: removed %d files (%llu bytes), %llu bytes kept\n",
                 trim.removed, static_cast<unsigned long long>(trim.freed_bytes),
                 static_cast<unsigned long long>(trim.kept_bytes));
  }
}

absl::Status Scheduler::RunOnce() {
  absl::Status registries = ScanDueRegistries();
  absl::Status database = RematchIfDatabaseChanged();
  TrimBlobCache();
  return registries.ok() ? database : registries;
}

void Scheduler::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      absl::Status status = RunOnce();
      if (!status.ok())
        std::fprintf(stderr, "moat: scheduler: %s\n", std::string(status.message()).c_str());
      lock.lock();
      wake_.wait_for(lock, absl::ToChronoMilliseconds(period_), [this] { return stopping_; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace moat::server
