// The scheduler against a real registry (skips without one) and a SQLite store: only registries
// with a schedule that is due are scanned, and a new tag is noticed on the next due round.
#include "server/scheduler.h"

#include "scanjob/test_util.h"
#include "testing/fake_clock.h"

namespace moat::server {
namespace {

class SchedulerTest : public scanjob::ScanJobRegistryTest {
 protected:
  int64_t QueuedJobs() {
    auto queued = store_->CountJobs("queued");
    EXPECT_TRUE(queued.ok()) << queued.status();
    return queued.ok() ? *queued : -1;
  }

  store::RegistryRecord Scheduled(int64_t interval_s) {
    store::RegistryRecord registry = registry_;
    registry.id.clear();
    registry.name = "scheduled";
    registry.scan_interval_s = interval_s;
    auto created = store_->CreateRegistry(registry, Audit("registry.create"));
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : registry;
  }

  testing::FakeClock fake_clock_{absl::Now()};
};

TEST_F(SchedulerTest, RegistriesWithoutAScheduleAreNotScanned) {
  Push("1.0", scanjob::AppImage("unscheduled"));
  Scheduler scheduler(MakeEnv(&fake_clock_), absl::Seconds(1));
  ASSERT_TRUE(scheduler.RunOnce().ok());
  EXPECT_EQ(QueuedJobs(), 0);
}

TEST_F(SchedulerTest, DueRegistriesAreScannedAndNewTagsNoticedWhenDueAgain) {
  Push("1.0", scanjob::AppImage("scheduled-1"));
  Scheduled(3600);
  Scheduler scheduler(MakeEnv(&fake_clock_), absl::Seconds(1));
  ASSERT_TRUE(scheduler.RunOnce().ok());
  EXPECT_EQ(QueuedJobs(), 1);

  Push("2.0", scanjob::AppImage("scheduled-2"));
  fake_clock_.Advance(absl::Minutes(30));
  ASSERT_TRUE(scheduler.RunOnce().ok());
  EXPECT_EQ(QueuedJobs(), 1) << "not due yet: the new tag waits for the next round";

  fake_clock_.Advance(absl::Minutes(31));
  ASSERT_TRUE(scheduler.RunOnce().ok());
  EXPECT_EQ(QueuedJobs(), 2);
}

}  // namespace
}  // namespace moat::server
