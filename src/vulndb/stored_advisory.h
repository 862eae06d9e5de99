// An advisory as a database lookup hands it out: its identity at once, its body decoded on first
// use and then kept, so entries that turn out not to apply to a package cost no decoding.
#pragma once

#include <string>

#include "absl/base/call_once.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

class StoredAdvisory {
 public:
  // The stored body (EncodeAdvisory's bytes) of the advisory `id` from feed `source`.
  StoredAdvisory(std::string source, std::string id, std::string body);
  // An advisory already decoded (in-memory databases).
  explicit StoredAdvisory(Advisory advisory);
  StoredAdvisory(const StoredAdvisory&) = delete;
  StoredAdvisory& operator=(const StoredAdvisory&) = delete;

  // Identify the advisory (per source, ids are unique in a database) without decoding it.
  const std::string& source() const { return source_; }
  const std::string& id() const { return id_; }

  // The advisory without `affected`. Decoded from a stored body it holds the fields matching
  // reads (AdvisoryFields::kForMatching: no `details`, `published`, `modified`). An error when
  // the stored body is damaged. Decodes at most once; thread-safe; the pointer lives as long
  // as this object.
  absl::StatusOr<const Advisory*> Get() const;

 private:
  void Decode() const;

  std::string source_;
  std::string id_;
  mutable absl::once_flag once_;
  mutable std::string body_;  // released once decoded
  mutable Advisory advisory_;
  mutable absl::Status status_;
};

}  // namespace moat::vulndb
