// An in-memory VulnDatabase for matcher and report tests: advisories are indexed by each
// affected entry's (ecosystem, distro, package), as the real database indexes them.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "vulndb/database.h"

namespace moat::testing {

class FakeVulnDatabase : public vulndb::VulnDatabase {
 public:
  // Adds one advisory; each of its affected entries becomes a record.
  void Add(const vulndb::Advisory& advisory) {
    vulndb::Advisory bare = advisory;
    bare.affected.clear();
    auto stored = std::make_shared<const vulndb::StoredAdvisory>(std::move(bare));
    for (const vulndb::AffectedPackage& entry : advisory.affected) {
      records_[{entry.ecosystem, entry.distro, entry.package}].push_back({stored, entry});
    }
  }

  // Adds one record as is (say, with an advisory whose stored body is damaged).
  void AddRecord(vulndb::AffectedRecord record) {
    const vulndb::AffectedPackage& entry = record.affected;
    records_[{entry.ecosystem, entry.distro, entry.package}].push_back(std::move(record));
  }

  vulndb::DatabaseMetadata& mutable_metadata() { return metadata_; }
  const vulndb::DatabaseMetadata& metadata() const override { return metadata_; }

  absl::StatusOr<std::vector<vulndb::AffectedRecord>> Lookup(
      absl::string_view ecosystem, absl::string_view distro,
      absl::string_view package) const override {
    ++lookups_;
    if (!fail_with_.ok()) return fail_with_;
    auto it = records_.find({std::string(ecosystem), std::string(distro), std::string(package)});
    if (it == records_.end()) return std::vector<vulndb::AffectedRecord>();
    return it->second;
  }

  // Every later Lookup fails with `status`.
  void FailWith(absl::Status status) { fail_with_ = std::move(status); }
  int lookups() const { return lookups_.load(); }

 private:
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, std::vector<vulndb::AffectedRecord>> records_;
  vulndb::DatabaseMetadata metadata_;
  absl::Status fail_with_;
  mutable std::atomic<int> lookups_{0};
};

}  // namespace moat::testing
