// Deduplication of advisories by (source, id) before they are written, with the rule documented
// on DatabaseWriter: a different `modified` means another revision (newest wins whole), the same
// or unknown `modified` means parts of one advisory (merged).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// Compares two RFC 3339 timestamps (or plain dates) as instants: <0, 0, >0. Unparseable values
// compare as strings.
int CompareTimestamps(absl::string_view a, absl::string_view b);

// Merges `incoming` into `kept` (same source and id) by the dedup rule.
void MergeAdvisory(Advisory& kept, Advisory incoming);

// Collects advisories, deduplicated. Not thread-safe.
class AdvisoryCollector {
 public:
  void Add(Advisory advisory);
  // The advisories sorted by (source, id), without withdrawn ones and ones without affected
  // entries. The collector is empty afterwards.
  std::vector<Advisory> Take();
  int64_t added() const { return added_; }
  int64_t merged() const { return merged_; }  // records folded into an earlier one

 private:
  std::vector<Advisory> advisories_;
  absl::flat_hash_map<std::string, size_t> index_;  // source + '\0' + id -> position
  int64_t added_ = 0;
  int64_t merged_ = 0;
};

}  // namespace moat::vulndb
