// A replica's scan worker: claims jobs from the store's shared queue under a lease, runs them
// (renewing the lease from a heartbeat while a scan runs) and records how they ended.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "scanjob/scan_env.h"
#include "store/store.h"

namespace moat::scanjob {

class Worker {
 public:
  // `owner` names this replica in the queue; a job not renewed within `lease` may be taken by
  // another replica.
  Worker(ScanEnv env, std::string owner, absl::Duration lease = absl::Seconds(60));
  ~Worker();  // Stop()s
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // Claims and runs one job; false when the queue was empty. A job that fails is finished as
  // "failed" with the error (that is not an error of RunOnce); a job whose lease was lost to
  // another replica is dropped quietly. Errors are the store's.
  absl::StatusOr<bool> RunOnce();

  // Runs jobs on a background thread, polling the queue every `poll` when it is empty.
  void Start(absl::Duration poll = absl::Milliseconds(500));
  // Stops the thread: a running scan is cancelled at its next HTTP read and its job left to be
  // reclaimed when the lease ends. Returns once the thread has ended.
  void Stop();

 private:
  void Loop(absl::Duration poll);
  absl::Status Finish(const store::JobRecord& job, const absl::Status& outcome);
  absl::Status Run(const store::JobRecord& job);

  ScanEnv env_;  // make_http wrapped so Stop() cancels transfers
  const std::string owner_;
  const absl::Duration lease_;
  std::shared_ptr<std::atomic<bool>> stopping_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace moat::scanjob
