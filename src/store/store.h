// The center's storage: images and their scans, registries, API tokens, the audit log, the scan
// job queue, alerts, the license and settings, behind one interface with two implementations
// (SQLite, the embedded default, and PostgreSQL) that share one schema and one migration list.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace moat::store {

// Times are Unix milliseconds (UTC) everywhere in the store.
using TimeMs = int64_t;

// Who made a change and what it was; written in the same transaction as the change.
struct AuditEntry {
  int64_t id = 0;  // assigned by the store
  TimeMs time = 0;
  std::string actor;   // token name ("admin", "ci-bot"), or "system"
  std::string action;  // "registry.create", "token.revoke", "license.update", ...
  std::string target;  // the id or name changed
  std::string detail;  // free text or JSON; never a secret
};

// Counts of one image's findings in one category and severity. Vulnerabilities are category
// "vulnerability"; `fixable` counts the ones with a fixed version.
struct RiskCount {
  std::string category;
  std::string severity;
  int64_t count = 0;
  int64_t fixable = 0;
  bool operator==(const RiskCount&) const = default;
};

// Pipeline metadata of a CI/CD upload.
struct Pipeline {
  std::string provider;    // "github", "jenkins", "gitlab", "other"
  std::string repository;  // "org/repo"
  std::string workflow;    // workflow or job name
  std::string run;         // run or build number
  std::string commit;
  std::string branch;
  std::string url;  // link to the run
  bool operator==(const Pipeline&) const = default;
};

// One image as the center knows it: identity, names, latest scan and its risk summary.
struct ImageRecord {
  std::string digest;             // identity: manifest digest, or the image ID when there is none
  std::string image_id;           // config digest
  std::string type;               // "registry", "ci-cd", "runtime"
  std::string registry_id;        // set when type is "registry"
  std::string repository;         // "library/alpine", "ghcr.io/org/app"
  std::vector<std::string> tags;  // sorted, unique
  TimeMs scanned_at = 0;
  std::string scan_id;          // the latest scan
  std::vector<RiskCount> risk;  // sorted by category, then severity
};

// A stored scan: the image row it updates, the Moat JSON report and, for re-matching when the
// vulnerability database changes, the inventory (CycloneDX JSON) it was matched from.
struct ScanRecord {
  std::string id;  // assigned by the store when empty
  ImageRecord image;
  std::string report_json;
  std::string inventory_json;        // "" when the scan carried no inventory
  std::optional<Pipeline> pipeline;  // CI/CD uploads
  std::string gate;                  // "pass", "fail" or "" (no policy)
  std::string gate_reason;           // why it failed
  TimeMs created_at = 0;
};

// A CI/CD upload as listed on the console's CI/CD page.
struct PipelineScan {
  std::string scan_id;
  std::string digest;
  std::string repository;
  std::vector<std::string> tags;
  Pipeline pipeline;
  std::string gate;
  std::string gate_reason;
  TimeMs created_at = 0;
};

// Filters, search and paging of the images list. Empty strings mean "any".
struct ImageQuery {
  std::string type;         // exact
  std::string severity;     // images with at least one finding of this severity
  std::string category;     // images with at least one finding in this category
  std::string registry_id;  // exact
  bool has_fix = false;     // images with at least one fixable vulnerability
  std::string search;       // prefix of digest (with or without "sha256:"), image ID or a tag, or
                            // a part of the repository
  // "scanned_at" (default), "repository", "digest", "critical", "high" (count of that severity,
  // all categories). Anything else is InvalidArgument.
  std::string sort = "scanned_at";
  bool descending = true;
  int64_t offset = 0;
  int64_t limit = 50;  // 1..1000, else InvalidArgument
};

struct ImagePage {
  std::vector<ImageRecord> images;
  int64_t total = 0;  // rows matching the filters, ignoring offset/limit
};

// A registry the center scans. `secret` is the credential already encrypted by the caller
// (auth::SecretBox); the store never sees it in clear.
struct RegistryRecord {
  std::string id;    // assigned by the store when empty
  std::string name;  // unique
  std::string type;  // "docker-registry", "harbor", "quay", "acr-ee"
  std::string url;   // "https://registry.example:5000"
  std::string username;
  std::string secret;
  bool insecure = false;  // skip TLS verification
  std::string ca_pem;
  std::vector<std::string> repositories;  // scanned when the catalog is not allowed
  int64_t scan_interval_s = 0;            // 0: no schedule
  TimeMs created_at = 0;
  TimeMs last_scan_at = 0;
};

enum class Role { kViewer, kOperator, kAdmin };

struct TokenRecord {
  std::string id;  // assigned by the store when empty
  std::string name;
  Role role = Role::kViewer;
  std::string hash;  // hex SHA-256 of the token; the token itself is never stored
  TimeMs created_at = 0;
  std::string created_by;
  TimeMs last_used_at = 0;
  bool revoked = false;
};

// A unit of work in the shared queue. Jobs are keyed by image digest: while one job for a digest
// is queued or running, enqueueing another for it returns the existing one.
struct JobRecord {
  std::string id;       // assigned by the store when empty
  std::string kind;     // "scan" (pull and scan), "rematch"
  std::string digest;   // the image the job is about
  std::string payload;  // JSON the worker needs (registry id, repository, tag, ...)
  std::string state;    // "queued", "running", "done", "failed"
  std::string owner;    // replica that holds the lease
  TimeMs lease_until = 0;
  int64_t attempts = 0;
  std::string error;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct AlertRecord {
  std::string id;  // assigned by the store when empty
  TimeMs time = 0;
  std::string kind;  // "ci-gate", "new-critical", later "admission", "runtime", ...
  std::string severity;
  std::string digest;  // the image, when there is one
  std::string message;
  std::string detail;          // JSON
  std::string status = "new";  // "new", "handled", "ignored"
};

struct AlertQuery {
  std::string status;
  std::string kind;
  int64_t offset = 0;
  int64_t limit = 50;
};

// Something the center protects: a cluster, a node of one, a host outside clusters, or a
// container running an image. Agents and admission report them (later modules); protecting hosts
// needs the Ultimate edition, which the API checks.
struct AssetRecord {
  std::string id;            // assigned by the store when empty
  std::string kind;          // "cluster", "node", "host", "container"
  std::string name;          // unique per kind and parent
  std::string parent_id;     // node → cluster, container → node or host; "" for none
  std::string image_digest;  // containers: the image they run
  std::string labels;        // JSON object text ("{}" when none)
  TimeMs first_seen = 0;
  TimeMs last_seen = 0;
};

struct AssetQuery {
  std::string kind;          // exact, "" any
  std::string parent_id;     // exact, "" any
  std::string image_digest;  // exact, "" any
  int64_t offset = 0;
  int64_t limit = 50;  // 1..1000
};

// Thread-safe: one Store serves every request thread of a server. Errors: NotFound for an
// unknown id, AlreadyExists for a duplicate unique name, InvalidArgument for a bad query,
// FailedPrecondition for a lost job lease, Unavailable when the database cannot be reached.
// Every write is one transaction: on error nothing of it is visible.
class Store {
 public:
  virtual ~Store() = default;

  // Images and scans.
  virtual absl::StatusOr<std::string> PutScan(const ScanRecord& scan) = 0;  // returns scan id
  virtual absl::StatusOr<std::optional<ImageRecord>> GetImage(absl::string_view digest) = 0;
  virtual absl::StatusOr<ImagePage> ListImages(const ImageQuery& query) = 0;
  // The latest scan of an image (report and inventory), or nullopt.
  virtual absl::StatusOr<std::optional<ScanRecord>> GetLatestScan(absl::string_view digest) = 0;
  // How many images have each worst severity: {"critical": n, "high": n, "medium": n, "low": n,
  // "negligible": n, "unknown": n, "none": n} (every key present; "none": nothing found).
  virtual absl::StatusOr<std::vector<std::pair<std::string, int64_t>>> CountImagesByRisk() = 0;
  virtual absl::StatusOr<std::vector<PipelineScan>> ListPipelineScans(int64_t offset,
                                                                      int64_t limit) = 0;
  // Digests of images whose latest scan holds an inventory (the re-match set).
  virtual absl::StatusOr<std::vector<std::string>> ListRematchable() = 0;
  // Adds `tags` to the stored image `digest` without a new scan (a tag pushed onto a digest
  // already scanned): its scan, risk and scan time stay. A tag that names another image of the
  // same repository and registry leaves that image, in the same transaction. Returns false, and
  // changes nothing, when no image `digest` is stored.
  virtual absl::StatusOr<bool> AddImageTags(absl::string_view digest,
                                            const std::vector<std::string>& tags) = 0;
  // Replaces the report and risk of an image's latest scan (a re-match), keeping everything else.
  virtual absl::Status UpdateLatestReport(absl::string_view digest, const std::string& report_json,
                                          const std::vector<RiskCount>& risk) = 0;

  // Per-layer analysis cache, keyed by layer digest (diff ID).
  virtual absl::StatusOr<std::optional<std::string>> GetLayer(absl::string_view digest) = 0;
  virtual absl::Status PutLayer(absl::string_view digest, const std::string& blob) = 0;

  // Registries, and the digest each tag last pointed at (to notice new or moved tags).
  virtual absl::StatusOr<RegistryRecord> CreateRegistry(const RegistryRecord& registry,
                                                        const AuditEntry& audit) = 0;
  virtual absl::StatusOr<RegistryRecord> GetRegistry(absl::string_view id) = 0;
  virtual absl::StatusOr<std::vector<RegistryRecord>> ListRegistries() = 0;
  virtual absl::Status DeleteRegistry(absl::string_view id, const AuditEntry& audit) = 0;
  virtual absl::Status SetRegistryScanned(absl::string_view id, TimeMs when) = 0;
  // Changes how often the registry is scanned (0: no schedule), with its audit row.
  virtual absl::Status SetRegistrySchedule(absl::string_view id, int64_t scan_interval_s,
                                           const AuditEntry& audit) = 0;
  // Records that `repository:tag` in a registry points at `digest`; returns true when that is new
  // (first sight or a different digest than before).
  virtual absl::StatusOr<bool> RecordTag(absl::string_view registry_id,
                                         absl::string_view repository, absl::string_view tag,
                                         absl::string_view digest) = 0;

  // API tokens.
  virtual absl::StatusOr<TokenRecord> CreateToken(const TokenRecord& token,
                                                  const AuditEntry& audit) = 0;
  // The unrevoked token with this hash, or nullopt; sets last_used_at to `now` when it is a
  // minute or more older (a lookup is a write at most once a minute).
  virtual absl::StatusOr<std::optional<TokenRecord>> FindToken(absl::string_view hash,
                                                               TimeMs now) = 0;
  virtual absl::StatusOr<std::vector<TokenRecord>> ListTokens() = 0;
  virtual absl::Status RevokeToken(absl::string_view id, const AuditEntry& audit) = 0;

  // The audit log, newest first.
  virtual absl::StatusOr<std::vector<AuditEntry>> ListAudit(int64_t offset, int64_t limit) = 0;

  // The job queue. Claim takes the oldest queued job, or a running one whose lease ended before
  // `now`, and gives it to `owner` until `now + lease_ms`; two callers never get the same job.
  virtual absl::StatusOr<JobRecord> EnqueueJob(const JobRecord& job) = 0;
  virtual absl::StatusOr<std::optional<JobRecord>> ClaimJob(absl::string_view owner, TimeMs now,
                                                            int64_t lease_ms) = 0;
  virtual absl::Status RenewLease(absl::string_view job_id, absl::string_view owner,
                                  TimeMs until) = 0;
  // Ends a job as "done" or "failed"; FailedPrecondition when `owner` no longer holds it.
  virtual absl::Status FinishJob(absl::string_view job_id, absl::string_view owner,
                                 absl::string_view state, absl::string_view error, TimeMs now) = 0;
  virtual absl::StatusOr<JobRecord> GetJob(absl::string_view job_id) = 0;
  virtual absl::StatusOr<int64_t> CountJobs(absl::string_view state) = 0;

  // Alerts.
  virtual absl::StatusOr<AlertRecord> CreateAlert(const AlertRecord& alert) = 0;
  virtual absl::StatusOr<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) = 0;
  virtual absl::Status SetAlertStatus(absl::string_view id, absl::string_view status,
                                      const AuditEntry& audit) = 0;

  // Assets, identified by (kind, parent, name): reporting one again updates its image, labels
  // and last_seen and keeps its id and first_seen. InvalidArgument for an unknown kind or an
  // empty name.
  virtual absl::StatusOr<AssetRecord> UpsertAsset(const AssetRecord& asset) = 0;
  // Newest seen first.
  virtual absl::StatusOr<std::vector<AssetRecord>> ListAssets(const AssetQuery& query) = 0;

  // Settings (license text, webhooks, database update time, ...), one value per key.
  virtual absl::StatusOr<std::optional<std::string>> GetSetting(absl::string_view key) = 0;
  virtual absl::Status PutSetting(absl::string_view key, const std::string& value,
                                  const AuditEntry& audit) = 0;
};

// Opens (creating and migrating when needed) the store at `location`: "postgres://..." or
// "postgresql://..." for PostgreSQL, otherwise a SQLite file path (WAL mode). Migrations run in
// one transaction each and are recorded, so several replicas may start at once.
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location);

// "viewer", "operator", "admin".
const char* RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

}  // namespace moat::store
