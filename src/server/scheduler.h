// The center's periodic work: registry scans on their schedules, re-matching every stored
// inventory when the vulnerability database file changes (no registry traffic), and keeping the
// layer cache within its size.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "scanjob/scan_env.h"

namespace moat::server {

class Scheduler {
 public:
  Scheduler(scanjob::ScanEnv env, absl::Duration period);
  ~Scheduler();  // Stop()s

  // One round: due registries queued, the database checked, the layer cache trimmed. Errors of
  // single registries are kept per registry (the job says why); the status is the first failure,
  // for logs and tests.
  absl::Status RunOnce();
  // Rounds every `period` on a background thread until Stop().
  void Start();
  void Stop();

 private:
  absl::Status ScanDueRegistries();
  absl::Status RematchIfDatabaseChanged();
  void TrimBlobCache();

  scanjob::ScanEnv env_;
  absl::Duration period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace moat::server
