#include "scanjob/worker.h"

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "scanjob/rematch.h"
#include "scanjob/scan_job.h"
#include "scanjob/stoppable_http.h"

namespace moat::scanjob {
namespace {

// Renews a job's lease every lease/3 on its own thread until destroyed; remembers a lost lease.
class Heartbeat {
 public:
  Heartbeat(const ScanEnv& env, const store::JobRecord& job, const std::string& owner,
            absl::Duration lease)
      : env_(env), job_id_(job.id), owner_(owner), lease_(lease) {
    thread_ = std::thread([this] { Beat(); });
  }
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  // Renews once more and says whether the job is still ours.
  bool StillOwned() { return !lost_.load() && Renew(); }

 private:
  bool Renew() {
    store::TimeMs until = absl::ToUnixMillis(env_.clock->Now() + lease_);
    absl::Status renewed = env_.store->RenewLease(job_id_, owner_, until);
    if (renewed.code() == absl::StatusCode::kFailedPrecondition) lost_ = true;
    return !lost_.load();
  }
  void Beat() {
    auto interval = absl::ToChronoMilliseconds(lease_ / 3);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return done_; })) {
      lock.unlock();
      Renew();
      lock.lock();
    }
  }

  const ScanEnv& env_;
  const std::string job_id_;
  const std::string owner_;
  const absl::Duration lease_;
  std::atomic<bool> lost_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace

Worker::Worker(ScanEnv env, std::string owner, absl::Duration lease)
    : env_(std::move(env)),
      owner_(std::move(owner)),
      lease_(lease),
      stopping_(std::make_shared<std::atomic<bool>>(false)) {
  if (!env_.make_http) return;
  auto make_http = std::move(env_.make_http);
  auto stopping = stopping_;
  env_.make_http = [make_http, stopping](const platform::HttpClientOptions& options) {
    return NewStoppableHttpClient(make_http(options), stopping);
  };
}

Worker::~Worker() { Stop(); }

absl::StatusOr<bool> Worker::RunOnce() {
  store::TimeMs now = absl::ToUnixMillis(env_.clock->Now());
  auto claimed = env_.store->ClaimJob(owner_, now, absl::ToInt64Milliseconds(lease_));
  if (!claimed.ok()) return claimed.status();
  if (!claimed->has_value()) return false;
  const store::JobRecord& job = **claimed;
  absl::Status outcome = Run(job);
  // A scan cut short by Stop() is left for another replica once its lease ends.
  if (outcome.code() == absl::StatusCode::kCancelled && stopping_->load()) return true;
  if (absl::Status finished = Finish(job, outcome); !finished.ok()) return finished;
  return true;
}

absl::Status Worker::Run(const store::JobRecord& job) {
  Heartbeat heartbeat(env_, job, owner_, lease_);
  if (job.kind == "scan") {
    return RunScanJob(env_, job, [&heartbeat] { return heartbeat.StillOwned(); });
  }
  if (job.kind == "rematch") return RematchAll(env_).status();
  return absl::InvalidArgumentError(absl::StrCat("unknown job kind \"", job.kind, "\""));
}

absl::Status Worker::Finish(const store::JobRecord& job, const absl::Status& outcome) {
  absl::Status finished = env_.store->FinishJob(job.id, owner_, outcome.ok() ? "done" : "failed",
                                                outcome.ok() ? "" : outcome.message(),
                                                absl::ToUnixMillis(env_.clock->Now()));
  // Another replica took the job after our lease ended: its result stands, ours is dropped.
  if (finished.code() == absl::StatusCode::kFailedPrecondition) return absl::OkStatus();
  return finished;
}

void Worker::Start(absl::Duration poll) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_->store(false);
  thread_ = std::thread([this, poll] { Loop(poll); });
}

void Worker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_->store(true);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Worker::Loop(absl::Duration poll) {
  while (!stopping_->load()) {
    absl::StatusOr<bool> ran = RunOnce();
    if (ran.ok() && *ran) continue;
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, absl::ToChronoMilliseconds(poll), [this] { return stopping_->load(); });
  }
}

}  // namespace moat::scanjob
