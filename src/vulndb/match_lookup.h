// The database side of one match: every distinct (ecosystem, distro, name) an inventory needs is
// looked up once (binary packages of one source package share it), on several threads.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "vulndb/database.h"

namespace moat::vulndb {

class LookupTable {
 public:
  // The index of the key, added when new. The table keeps views: the strings must outlive Run.
  size_t Add(absl::string_view ecosystem, absl::string_view distro, absl::string_view name);
  // Looks every key up, in batches of one ecosystem and distro (VulnDatabase::LookupMany), with
  // up to `jobs` threads. Returns the first error.
  absl::Status Run(const VulnDatabase& db, int jobs);
  // After Run: the records of key `index`.
  const std::vector<AffectedRecord>& records(size_t index) const { return records_[index]; }
  // Frees the records of key `index`; calls for distinct keys may run concurrently.
  void Release(size_t index) { std::vector<AffectedRecord>().swap(records_[index]); }
  size_t size() const { return keys_.size(); }

 private:
  static constexpr size_t kBatch = 64;  // keys per LookupMany
  using Key = std::tuple<absl::string_view, absl::string_view, absl::string_view>;
  std::vector<Key> keys_;  // ecosystem, distro, name
  absl::flat_hash_map<Key, size_t> index_;
  std::vector<std::vector<AffectedRecord>> records_;
};

// Calls fn(worker, i) for every i in [0, n) on min(jobs, n) threads (worker in [0, threads));
// items are handed out one by one, so uneven items balance. jobs <= 1 runs inline.
void ParallelFor(size_t n, int jobs, const std::function<void(int worker, size_t i)>& fn);

// The threads a match uses: `jobs` when positive, else the CPU count (at most 8).
int MatchThreads(int jobs);

}  // namespace moat::vulndb
