// Store over the SQL seam: one implementation for SQLite and PostgreSQL, the differences kept in
// the Dialect table. Thread-safe (the Database pool lends each thread its own connection).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.h"
#include "store/database.h"
#include "store/store.h"

namespace moat::store {

class SqlStore final : public Store {
 public:
  // `db` is migrated already. `clock` stamps the times callers leave at 0; not owned, must
  // outlive the store; nullptr means the system clock.
  SqlStore(std::unique_ptr<Database> db, platform::Clock* clock);

  absl::StatusOr<std::string> PutScan(const ScanRecord& scan) override;
  absl::StatusOr<std::optional<ImageRecord>> GetImage(absl::string_view digest) override;
  absl::StatusOr<ImagePage> ListImages(const ImageQuery& query) override;
  absl::StatusOr<std::optional<ScanRecord>> GetLatestScan(absl::string_view digest) override;
  absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> CountImagesByRisk() override;
  absl::StatusOr<std::vector<PipelineScan>> ListPipelineScans(int64_t offset,
                                                              int64_t limit) override;
  absl::StatusOr<std::vector<std::string>> ListRematchable() override;
  absl::StatusOr<bool> AddImageTags(absl::string_view digest,
                                    const std::vector<std::string>& tags) override;
  absl::Status UpdateLatestReport(absl::string_view digest, const std::string& report_json,
                                  const std::vector<RiskCount>& risk) override;

  absl::StatusOr<std::optional<std::string>> GetLayer(absl::string_view digest) override;
  absl::Status PutLayer(absl::string_view digest, const std::string& blob) override;

  absl::StatusOr<RegistryRecord> CreateRegistry(const RegistryRecord& registry,
                                                const AuditEntry& audit) override;
  absl::StatusOr<RegistryRecord> GetRegistry(absl::string_view id) override;
  absl::StatusOr<std::vector<RegistryRecord>> ListRegistries() override;
  absl::Status DeleteRegistry(absl::string_view id, const AuditEntry& audit) override;
  absl::Status SetRegistryScanned(absl::string_view id, TimeMs when) override;
  absl::Status SetRegistrySchedule(absl::string_view id, int64_t scan_interval_s,
                                   const AuditEntry& audit) override;
  absl::StatusOr<bool> RecordTag(absl::string_view registry_id, absl::string_view repository,
                                 absl::string_view tag, absl::string_view digest) override;

  absl::StatusOr<TokenRecord> CreateToken(const TokenRecord& token,
                                          const AuditEntry& audit) override;
  absl::StatusOr<std::optional<TokenRecord>> FindToken(absl::string_view hash, TimeMs now) override;
  absl::StatusOr<std::vector<TokenRecord>> ListTokens() override;
  absl::Status RevokeToken(absl::string_view id, const AuditEntry& audit) override;

  absl::StatusOr<std::vector<AuditEntry>> ListAudit(int64_t offset, int64_t limit) override;

  absl::StatusOr<JobRecord> EnqueueJob(const JobRecord& job) override;
  absl::StatusOr<std::optional<JobRecord>> ClaimJob(absl::string_view owner, TimeMs now,
                                                    int64_t lease_ms) override;
  absl::Status RenewLease(absl::string_view job_id, absl::string_view owner, TimeMs until) override;
  absl::Status FinishJob(absl::string_view job_id, absl::string_view owner, absl::string_view state,
                         absl::string_view error, TimeMs now) override;
  absl::StatusOr<JobRecord> GetJob(absl::string_view job_id) override;
  absl::StatusOr<int64_t> CountJobs(absl::string_view state) override;

  absl::StatusOr<AssetRecord> UpsertAsset(const AssetRecord& asset) override;
  absl::StatusOr<std::vector<AssetRecord>> ListAssets(const AssetQuery& query) override;

  absl::StatusOr<AlertRecord> CreateAlert(const AlertRecord& alert) override;
  absl::StatusOr<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) override;
  absl::Status SetAlertStatus(absl::string_view id, absl::string_view status,
                              const AuditEntry& audit) override;

  absl::StatusOr<std::optional<std::string>> GetSetting(absl::string_view key) override;
  absl::Status PutSetting(absl::string_view key, const std::string& value,
                          const AuditEntry& audit) override;

 private:
  TimeMs Now();
  TimeMs NowIfUnset(TimeMs time) { return time != 0 ? time : Now(); }
  // The next value of a counter in the sequences table (the row lock orders writers).
  absl::StatusOr<int64_t> NextSequence(SqlConnection& c, absl::string_view name);
  absl::Status WriteAudit(SqlConnection& c, const AuditEntry& audit);
  absl::StatusOr<std::optional<ImageRecord>> ReadImage(SqlConnection& c, absl::string_view digest);
  absl::Status LoadTagsAndRisk(SqlConnection& c, std::vector<ImageRecord>& images);
  absl::Status ReplaceRisk(SqlConnection& c, absl::string_view digest,
                           const std::vector<RiskCount>& risk);
  absl::Status InsertScan(SqlConnection& c, const ScanRecord& scan, const std::string& id,
                          TimeMs created_at);
  absl::Status UpsertImage(SqlConnection& c, const ImageRecord& image, const std::string& scan_id,
                           TimeMs scanned_at);
  // Tags `image` (digest, repository and registry set) with `tags`, moving each away from any
  // other image of its repository.
  absl::Status InsertTags(SqlConnection& c, const ImageRecord& image,
                          const std::vector<std::string>& tags);
  absl::StatusOr<std::optional<JobRecord>> ClaimOnce(absl::string_view owner, TimeMs now,
                                                     int64_t lease_ms);
  absl::StatusOr<JobRecord> InsertJobUnlessActive(const JobRecord& job);
  absl::Status LostLease(absl::string_view job_id, absl::string_view owner);

  std::unique_ptr<Database> db_;
  std::unique_ptr<platform::Clock> own_clock_;  // set when no clock was given
  platform::Clock* clock_;
};

}  // namespace moat::store
