// SqlStore: the job queue shared by replicas. One active job per image digest (a partial unique
// index), claims that never hand one job to two callers (a row lock and a conditional update).
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "store/sql_store.h"
#include "store/sql_util.h"

namespace moat::store {
namespace {

constexpr char kJobColumns[] =
    "id, kind, digest, payload, state, owner, lease_until, attempts, error, created_at,"
    " updated_at";

// Rounds of "someone else was faster, read again" before giving up.
constexpr int kRaceRetries = 8;

JobRecord JobFromRow(const SqlRow& row) {
  return JobRecord{.id = row.Text(0),
                   .kind = row.Text(1),
                   .digest = row.Text(2),
                   .payload = row.Text(3),
                   .state = row.Text(4),
                   .owner = row.Text(5),
                   .lease_until = row.Int(6),
                   .attempts = row.Int(7),
                   .error = row.Text(8),
                   .created_at = row.Int(9),
                   .updated_at = row.Int(10)};
}

// The claimable condition; $1 is `now`.
constexpr char kClaimable[] = "(state = 'queued' OR (state = 'running' AND lease_until < $1))";

}  // namespace

absl::StatusOr<JobRecord> SqlStore::InsertJobUnlessActive(const JobRecord& job) {
  JobRecord stored;
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(
        SqlResult active,
        c.Exec(absl::StrCat("SELECT ", kJobColumns,
                            " FROM jobs WHERE digest = $1 AND state IN ('queued', 'running')"),
               {job.digest}));
    if (!active.rows.empty()) {
      stored = JobFromRow(active.rows[0]);
      return absl::OkStatus();
    }
    MOAT_ASSIGN_OR_RETURN(int64_t seq, NextSequence(c, "jobs"));
    stored = job;
    if (stored.id.empty()) stored.id = NewId();
    stored.state = "queued";
    stored.owner.clear();
    stored.lease_until = 0;
    stored.attempts = 0;
    stored.error.clear();
    stored.created_at = NowIfUnset(job.created_at);
    stored.updated_at = stored.created_at;
    return c
        .Exec(absl::StrCat("INSERT INTO jobs (seq, ", kJobColumns, ") VALUES (",
                           Placeholders(1, 12), ")"),
              {seq, stored.id, stored.kind, stored.digest, stored.payload, stored.state,
               stored.owner, stored.lease_until, stored.attempts, stored.error, stored.created_at,
               stored.updated_at})
        .status();
  });
  if (!status.ok()) return status;
  return stored;
}

absl::StatusOr<JobRecord> SqlStore::EnqueueJob(const JobRecord& job) {
  std::string context = absl::StrCat("store: enqueueing ", job.kind, " job for ", job.digest);
  if (job.digest.empty()) return absl::InvalidArgumentError(context + ": the digest is empty");
  if (job.kind.empty()) return absl::InvalidArgumentError(context + ": the kind is empty");
  absl::Status last;
  for (int round = 0; round < kRaceRetries; ++round) {
    absl::StatusOr<JobRecord> stored = InsertJobUnlessActive(job);
    // AlreadyExists: another replica enqueued this digest after we looked; read its job.
    if (stored.ok() || !absl::IsAlreadyExists(stored.status()) || !job.id.empty()) {
      if (!stored.ok()) return Annotate(stored.status(), context);
      return stored;
    }
    last = stored.status();
  }
  return Annotate(last, context);
}

absl::StatusOr<std::optional<JobRecord>> SqlStore::ClaimOnce(absl::string_view owner, TimeMs now,
                                                             int64_t lease_ms) {
  std::optional<JobRecord> claimed;
  absl::Status status = db_->Transact(TxMode::kWrite, [&](SqlConnection& c) -> absl::Status {
    MOAT_ASSIGN_OR_RETURN(
        SqlResult candidate,
        c.Exec(absl::StrCat("SELECT id FROM jobs WHERE ", kClaimable,
                            " ORDER BY created_at, seq LIMIT 1", db_->dialect().skip_locked),
               {now}));
    if (candidate.rows.empty()) return absl::OkStatus();
    // The condition again: a claimer that read the row before another committed gets 0 rows.
    MOAT_ASSIGN_OR_RETURN(
        SqlResult updated,
        c.Exec(absl::StrCat("UPDATE jobs SET state = 'running', owner = $2, lease_until = $3,"
                            " attempts = attempts + 1, updated_at = $1 WHERE id = $4 AND ",
                            kClaimable, " RETURNING ", kJobColumns),
               {now, owner, now + lease_ms, candidate.rows[0].Text(0)}));
    if (updated.rows.empty()) return absl::AbortedError("the job was claimed by another replica");
    claimed = JobFromRow(updated.rows[0]);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return claimed;
}

absl::StatusOr<std::optional<JobRecord>> SqlStore::ClaimJob(absl::string_view owner, TimeMs now,
                                                            int64_t lease_ms) {
  std::string context = absl::StrCat("store: claiming a job for ", owner);
  absl::Status last;
  for (int round = 0; round < kRaceRetries; ++round) {
    absl::StatusOr<std::optional<JobRecord>> claimed = ClaimOnce(owner, now, lease_ms);
    if (claimed.ok()) return claimed;
    last = claimed.status();
    if (!absl::IsAborted(last)) break;  // Aborted: a lost race or a deadlock; try again
  }
  return Annotate(last, context);
}

absl::Status SqlStore::LostLease(absl::string_view job_id, absl::string_view owner) {
  MOAT_ASSIGN_OR_RETURN(SqlResult result,
                        db_->Exec("SELECT owner, state FROM jobs WHERE id = $1", {job_id}));
  if (result.rows.empty()) return absl::NotFoundError("no such job");
  const SqlRow& row = result.rows[0];
  if (row.Text(1) != "running") {
    return absl::FailedPreconditionError(absl::StrCat("the job is ", row.Text(1)));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the lease is held by ", row.Text(0), ", not ", owner));
}

absl::Status SqlStore::RenewLease(absl::string_view job_id, absl::string_view owner, TimeMs until) {
  std::string context = absl::StrCat("store: renewing the lease of job ", job_id);
  absl::StatusOr<SqlResult> result = db_->Exec(
      "UPDATE jobs SET lease_until = $1, updated_at = $2"
      " WHERE id = $3 AND owner = $4 AND state = 'running'",
      {until, Now(), job_id, owner});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->affected == 0) return Annotate(LostLease(job_id, owner), context);
  return absl::OkStatus();
}

absl::Status SqlStore::FinishJob(absl::string_view job_id, absl::string_view owner,
                                 absl::string_view state, absl::string_view error, TimeMs now) {
  std::string context = absl::StrCat("store: finishing job ", job_id);
  if (state != "done" && state != "failed") {
    return absl::InvalidArgumentError(
        absl::StrCat(context, ": state \"", state, "\" is not done or failed"));
  }
  absl::StatusOr<SqlResult> result = db_->Exec(
      "UPDATE jobs SET state = $1, error = $2, updated_at = $3"
      " WHERE id = $4 AND owner = $5 AND state = 'running'",
      {state, error, now, job_id, owner});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->affected == 0) return Annotate(LostLease(job_id, owner), context);
  return absl::OkStatus();
}

absl::StatusOr<JobRecord> SqlStore::GetJob(absl::string_view job_id) {
  std::string context = absl::StrCat("store: reading job ", job_id);
  absl::StatusOr<SqlResult> result =
      db_->Exec(absl::StrCat("SELECT ", kJobColumns, " FROM jobs WHERE id = $1"), {job_id});
  if (!result.ok()) return Annotate(result.status(), context);
  if (result->rows.empty()) return absl::NotFoundError(context + ": no such job");
  return JobFromRow(result->rows[0]);
}

absl::StatusOr<int64_t> SqlStore::CountJobs(absl::string_view state) {
  absl::StatusOr<SqlResult> result =
      state.empty() ? db_->Exec("SELECT COUNT(*) FROM jobs")
                    : db_->Exec("SELECT COUNT(*) FROM jobs WHERE state = $1", {state});
  if (!result.ok()) return Annotate(result.status(), "store: counting jobs");
  return result->rows.empty() ? 0 : result->rows[0].Int(0);
}

}  // namespace moat::store
