#include "vulndb/match_lookup.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

namespace moat::vulndb {

size_t LookupTable::Add(absl::string_view ecosystem, absl::string_view distro,
                        absl::string_view name) {
  std::string key = absl::StrCat(ecosystem, "\n", distro, "\n", name);
  auto [it, inserted] = index_.try_emplace(std::move(key), keys_.size());
  if (inserted) {
    keys_.push_back({std::string(ecosystem), std::string(distro), std::string(name)});
  }
  return it->second;
}

absl::Status LookupTable::Run(const VulnDatabase& db, int jobs) {
  records_.assign(keys_.size(), {});
  absl::Mutex mu;
  absl::Status first_error;
  std::atomic<bool> failed{false};
  ParallelFor(keys_.size(), jobs, [&](int, size_t i) {
    if (failed.load(std::memory_order_relaxed)) return;
    const Key& k = keys_[i];
    absl::StatusOr<std::vector<AffectedRecord>> found = db.Lookup(k.ecosystem, k.distro, k.name);
    if (found.ok()) {
      records_[i] = std::move(*found);
      return;
    }
    absl::MutexLock lock(&mu);
    if (first_error.ok()) first_error = found.status();
    failed = true;
  });
  return first_error;
}

void ParallelFor(size_t n, int jobs, const std::function<void(int, size_t)>& fn) {
  int threads = static_cast<int>(std::min<size_t>(std::max(jobs, 1), n));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(0, i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&](int worker) {
    for (size_t i = next++; i < n; i = next++) fn(worker, i);
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(work, w);
  work(0);
  for (std::thread& t : pool) t.join();
}

int MatchThreads(int jobs) {
  if (jobs > 0) return jobs;
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
}

}  // namespace moat::vulndb
