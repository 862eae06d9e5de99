#include "vulndb/match_lookup.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace moat::vulndb {

size_t LookupTable::Add(absl::string_view ecosystem, absl::string_view distro,
                        absl::string_view name) {
  Key key{ecosystem, distro, name};
  auto [it, inserted] = index_.try_emplace(key, keys_.size());
  if (inserted) keys_.push_back(key);
  return it->second;
}

absl::Status LookupTable::Run(const VulnDatabase& db, int jobs) {
  records_.assign(keys_.size(), {});
  // Keys of one ecosystem and distro in batches, each looked up by one LookupMany.
  std::vector<std::vector<size_t>> batches;
  absl::flat_hash_map<std::pair<absl::string_view, absl::string_view>, size_t> filling;
  for (size_t i = 0; i < keys_.size(); ++i) {
    const auto& [ecosystem, distro, name] = keys_[i];
    auto [it, inserted] = filling.try_emplace(std::make_pair(ecosystem, distro), batches.size());
    if (inserted || batches[it->second].size() == kBatch) {
      it->second = batches.size();
      batches.emplace_back();
    }
    batches[it->second].push_back(i);
  }
  absl::Mutex mu;
  absl::Status first_error;
  std::atomic<bool> failed{false};
  ParallelFor(batches.size(), jobs, [&](int, size_t b) {
    if (failed.load(std::memory_order_relaxed)) return;
    const std::vector<size_t>& batch = batches[b];
    std::vector<absl::string_view> names;
    names.reserve(batch.size());
    for (size_t i : batch) names.push_back(std::get<2>(keys_[i]));
    const auto& [ecosystem, distro, name] = keys_[batch.front()];
    auto found = db.LookupMany(ecosystem, distro, names);
    if (found.ok()) {
      for (size_t j = 0; j < batch.size(); ++j) records_[batch[j]] = std::move((*found)[j]);
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
