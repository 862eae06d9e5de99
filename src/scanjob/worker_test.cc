// The scanning layer against a real registry (docker-registry started by
// tests/integration/registry_env.sh; skipped when MOAT_TEST_REGISTRY_PLAIN is unset) and the
// store's SQLite implementation: the worker's leases (expiry, loss, heartbeat),
// the background thread and stopping.
#include "scanjob/worker.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/json.h"
#include "detect/config_detector.h"
#include "detect/sensitive_file_detector.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "scanjob/registry_scan.h"
#include "scanjob/rematch.h"
#include "scanjob/test_util.h"
#include "testing/fake_clock.h"

namespace moat::scanjob {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST_F(ScanJobRegistryTest, AJobWhoseLeaseEndedIsTakenByAnotherWorker) {
  moat::testing::FakeClock clock;
  env_ = MakeEnv(&clock);
  RegistryImage image = AppImage("lease");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  store::TimeMs now = absl::ToUnixMillis(clock.Now());
  auto claimed = store_->ClaimJob("replica-a", now, 1000);  // replica A, then it dies
  ASSERT_TRUE(claimed.ok() && claimed->has_value());
  Worker b(env_, "replica-b");
  EXPECT_EQ(*b.RunOnce(), false);  // A's lease still holds
  clock.Advance(absl::Seconds(5));
  EXPECT_EQ(*b.RunOnce(), true);
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(job->owner, "replica-b");
  absl::Status late = store_->FinishJob(job->id, "replica-a", "done", "", now + 6000);
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition) << late;
  EXPECT_THAT(Image(image.manifest.digest).tags, ElementsAre("1.0"));
}

TEST_F(ScanJobRegistryTest, AResultWhoseLeaseWasLostIsDroppedQuietly) {
  moat::testing::FakeClock clock;
  env_ = MakeEnv(&clock);
  RegistryImage image = AppImage("lost");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  // While replica A pulls a layer, its lease runs out and replica C takes the job.
  std::atomic<bool> taken{false};
  std::string layer = absl::StrCat("/blobs/", image.layers[1].digest);
  log_.on_request = [&](const platform::HttpRequest& request) {
    if (!absl::EndsWith(request.url, layer) || taken.exchange(true)) return;
    clock.Advance(absl::Seconds(120));
    auto claimed = store_->ClaimJob("replica-c", absl::ToUnixMillis(clock.Now()), 60000);
    EXPECT_TRUE(claimed.ok() && claimed->has_value());
  };
  Worker a(env_, "replica-a");
  auto ran = a.RunOnce();
  ASSERT_TRUE(ran.ok()) << ran.status();
  EXPECT_TRUE(*ran);
  EXPECT_TRUE(taken.load());
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "running");
  EXPECT_EQ(job->owner, "replica-c");
  auto stored = store_->GetImage(image.manifest.digest);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(ScanJobRegistryTest, TheHeartbeatKeepsTheLeaseOfALongScan) {
  RegistryImage image = AppImage("slow");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  // The layer pull outlasts the lease several times over; the heartbeat must keep renewing it.
  std::string layer = absl::StrCat("/blobs/", image.layers[1].digest);
  std::atomic<bool> checked{false};
  log_.on_request = [&](const platform::HttpRequest& request) {
    if (!absl::EndsWith(request.url, layer) || checked.exchange(true)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
    auto claimed = store_->ClaimJob("replica-c", absl::ToUnixMillis(absl::Now()), 60000);
    EXPECT_TRUE(claimed.ok() && !claimed->has_value());
  };
  Worker a(env_, "replica-a", absl::Milliseconds(1500));
  EXPECT_EQ(Drain(a), 1);
  EXPECT_TRUE(checked.load());
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "done") << job->error;
  EXPECT_EQ(job->owner, "replica-a");
}

TEST_F(ScanJobRegistryTest, TheBackgroundWorkerRunsQueuedJobsAndStops) {
  Push("1.0", AppImage("bg-1"));
  Push("2.0", AppImage("bg-2"));
  Worker worker(env_, "replica-a");
  worker.Start(absl::Milliseconds(20));
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 2u);
  for (int i = 0; i < 500 && *store_->CountJobs("done") < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  worker.Stop();
  EXPECT_EQ(*store_->CountJobs("done"), 2);
  EXPECT_EQ(*store_->CountJobs("queued"), 0);
}
TEST_F(ScanJobRegistryTest, StoppingMidScanLeavesTheJobForAnotherReplica) {
  RegistryImage image = AppImage("stop");
  Push("1.0", image);
  auto jobs = EnqueueRegistryScan(env_, registry_);
  ASSERT_TRUE(jobs.ok() && jobs->size() == 1u);
  std::string layer = absl::StrCat("/blobs/", image.layers[1].digest);
  std::atomic<bool> pulling{false};
  log_.on_request = [&](const platform::HttpRequest& request) {
    if (!absl::EndsWith(request.url, layer)) return;
    pulling = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  };
  Worker worker(env_, "replica-a");
  worker.Start(absl::Milliseconds(20));
  for (int i = 0; i < 500 && !pulling.load(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(pulling.load());
  worker.Stop();
  auto job = store_->GetJob((*jobs)[0].id);
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, "running");  // not failed: its lease ends and another replica takes it
  EXPECT_EQ(job->owner, "replica-a");
  auto stored = store_->GetImage(image.manifest.digest);
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

}  // namespace
}  // namespace moat::scanjob
