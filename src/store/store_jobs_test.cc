// Store behaviour: the shared job queue (dedupe, claim order, leases, concurrent claimers and
// replicas), on SQLite and PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "store/store_test_fixture.h"

namespace moat::store {
namespace {

constexpr int64_t kLeaseMs = 60'000;

JobRecord Job(const std::string& digest, TimeMs created_at = 0) {
  JobRecord job;
  job.kind = "scan";
  job.digest = digest;
  job.payload = R"({"registry":"r1"})";
  job.created_at = created_at;
  return job;
}

TEST_P(StoreTest, EnqueueReturnsTheActiveJobOfADigest) {
  absl::StatusOr<JobRecord> first = store_->EnqueueJob(Job("sha256:a"));
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->state, "queued");
  EXPECT_EQ(first->created_at, NowMs());
  EXPECT_EQ(first->payload, R"({"registry":"r1"})");
  absl::StatusOr<JobRecord> again = store_->EnqueueJob(Job("sha256:a"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id, first->id);
  absl::StatusOr<JobRecord> other = store_->EnqueueJob(Job("sha256:b"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id, first->id);
  EXPECT_EQ(*store_->CountJobs("queued"), 2);

  // Once the job is done, the digest may be queued again.
  absl::StatusOr<std::optional<JobRecord>> claimed = store_->ClaimJob("w1", NowMs(), kLeaseMs);
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  ASSERT_EQ((*claimed)->id, first->id);
  EXPECT_EQ(store_->EnqueueJob(Job("sha256:a"))->id, first->id);  // running counts as active
  ASSERT_TRUE(store_->FinishJob(first->id, "w1", "done", "", NowMs()).ok());
  absl::StatusOr<JobRecord> fresh = store_->EnqueueJob(Job("sha256:a"));
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE(fresh->id, first->id);
  EXPECT_EQ(*store_->CountJobs(""), 3);
}

TEST_P(StoreTest, EnqueueNeedsDigestAndKind) {
  EXPECT_EQ(store_->EnqueueJob(Job("")).status().code(), absl::StatusCode::kInvalidArgument);
  JobRecord no_kind = Job("sha256:a");
  no_kind.kind = "";
  EXPECT_EQ(store_->EnqueueJob(no_kind).status().message(),
            "store: enqueueing  job for sha256:a: the kind is empty");
}

TEST_P(StoreTest, ClaimTakesOldestFirstAndSetsLease) {
  ASSERT_TRUE(store_->EnqueueJob(Job("sha256:c", 300)).ok());
  ASSERT_TRUE(store_->EnqueueJob(Job("sha256:a", 100)).ok());
  ASSERT_TRUE(store_->EnqueueJob(Job("sha256:b", 200)).ok());
  // Same creation time: enqueue order decides.
  ASSERT_TRUE(store_->EnqueueJob(Job("sha256:d", 400)).ok());
  ASSERT_TRUE(store_->EnqueueJob(Job("sha256:e", 400)).ok());
  std::vector<std::string> order;
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<std::optional<JobRecord>> job = store_->ClaimJob("w1", 1000, kLeaseMs);
    ASSERT_TRUE(job.ok()) << job.status();
    ASSERT_TRUE(job->has_value());
    EXPECT_EQ((*job)->state, "running");
    EXPECT_EQ((*job)->owner, "w1");
    EXPECT_EQ((*job)->lease_until, 1000 + kLeaseMs);
    EXPECT_EQ((*job)->attempts, 1);
    order.push_back((*job)->digest);
  }
  EXPECT_THAT(order,
              ::testing::ElementsAre("sha256:a", "sha256:b", "sha256:c", "sha256:d", "sha256:e"));
  absl::StatusOr<std::optional<JobRecord>> none = store_->ClaimJob("w1", 1000, kLeaseMs);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, ExpiredLeaseIsReclaimedAndStaleOwnerCannotFinish) {
  absl::StatusOr<JobRecord> job = store_->EnqueueJob(Job("sha256:a"));
  ASSERT_TRUE(job.ok());
  ASSERT_TRUE(store_->ClaimJob("w1", 1000, 500)->has_value());
  // Lease still held at 1499: nothing to claim.
  EXPECT_FALSE(store_->ClaimJob("w2", 1499, 500)->has_value());
  absl::StatusOr<std::optional<JobRecord>> taken = store_->ClaimJob("w2", 1501, 500);
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->id, job->id);
  EXPECT_EQ((*taken)->owner, "w2");
  EXPECT_EQ((*taken)->attempts, 2);

  absl::Status stale = store_->FinishJob(job->id, "w1", "done", "", 1600);
  EXPECT_EQ(stale.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(stale.message(),
            "store: finishing job " + job->id + ": the lease is held by w2, not w1");
  EXPECT_EQ(store_->RenewLease(job->id, "w1", 9999).code(), absl::StatusCode::kFailedPrecondition);

  ASSERT_TRUE(store_->RenewLease(job->id, "w2", 5000).ok());
  EXPECT_FALSE(store_->ClaimJob("w3", 4000, 500)->has_value());
  ASSERT_TRUE(store_->FinishJob(job->id, "w2", "failed", "pull: 404", 4100).ok());
  absl::StatusOr<JobRecord> done = store_->GetJob(job->id);
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->state, "failed");
  EXPECT_EQ(done->error, "pull: 404");
  EXPECT_EQ(done->updated_at, 4100);
  EXPECT_EQ(store_->FinishJob(job->id, "w2", "done", "", 4200).message(),
            "store: finishing job " + job->id + ": the job is failed");
  EXPECT_EQ(store_->FinishJob(job->id, "w2", "paused", "", 4200).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->FinishJob("nope", "w2", "done", "", 4200).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetJob("nope").status().code(), absl::StatusCode::kNotFound);
}

// Claims every job with `threads` workers spread over `stores`; returns claims per job id.
std::map<std::string, int> ClaimAll(const std::vector<Store*>& stores, int threads) {
  std::mutex mutex;
  std::map<std::string, int> claims;
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Store* store = stores[t % stores.size()];
      std::string owner = "w" + std::to_string(t);
      for (;;) {
        absl::StatusOr<std::optional<JobRecord>> job = store->ClaimJob(owner, 1000, kLeaseMs);
        if (!job.ok()) {
          ADD_FAILURE() << job.status();
          ++errors;
          return;
        }
        if (!job->has_value()) return;
        {
          std::lock_guard<std::mutex> lock(mutex);
          ++claims[(*job)->id];
        }
        absl::Status finished = store->FinishJob((*job)->id, owner, "done", "", 1001);
        if (!finished.ok()) ADD_FAILURE() << finished;
      }
    });
  }
  for (std::thread& w : workers) w.join();
  return claims;
}

TEST_P(StoreTest, ConcurrentClaimersGetEachJobOnce) {
  constexpr int kJobs = 200;
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(store_->EnqueueJob(Job("sha256:" + std::to_string(i))).ok());
  }
  std::map<std::string, int> claims = ClaimAll({store_.get()}, 4);
  EXPECT_EQ(claims.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, count] : claims) EXPECT_EQ(count, 1) << id;
  EXPECT_EQ(*store_->CountJobs("done"), kJobs);
}

TEST_P(StoreTest, TwoReplicasShareOneQueue) {
  std::unique_ptr<Store> replica = Open();
  ASSERT_NE(replica, nullptr);
  constexpr int kJobs = 100;
  for (int i = 0; i < kJobs; ++i) {
    Store* store = i % 2 == 0 ? store_.get() : replica.get();
    ASSERT_TRUE(store->EnqueueJob(Job("sha256:" + std::to_string(i))).ok());
  }
  // Enqueueing a digest through the other replica returns the job already queued.
  EXPECT_EQ(replica->EnqueueJob(Job("sha256:0"))->id, store_->EnqueueJob(Job("sha256:0"))->id);
  std::map<std::string, int> claims = ClaimAll({store_.get(), replica.get()}, 4);
  EXPECT_EQ(claims.size(), static_cast<size_t>(kJobs));
  for (const auto& [id, count] : claims) EXPECT_EQ(count, 1) << id;
}

TEST_P(StoreTest, ConcurrentEnqueuesOfOneDigestMakeOneJob) {
  std::unique_ptr<Store> replica = Open();
  ASSERT_NE(replica, nullptr);
  std::mutex mutex;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Store* store = t % 2 == 0 ? store_.get() : replica.get();
      for (int i = 0; i < 10; ++i) {
        absl::StatusOr<JobRecord> job = store->EnqueueJob(Job("sha256:" + std::to_string(i)));
        if (!job.ok()) {
          ADD_FAILURE() << job.status();
          continue;
        }
        std::lock_guard<std::mutex> lock(mutex);
        ids.insert(job->id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_EQ(*store_->CountJobs("queued"), 10);
}

}  // namespace
}  // namespace moat::store
