#include "vulndb/stored_advisory.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "vulndb/advisory_codec.h"

namespace moat::vulndb {

StoredAdvisory::StoredAdvisory(std::string source, std::string id, std::string body)
    : source_(std::move(source)), id_(std::move(id)), body_(std::move(body)) {}

StoredAdvisory::StoredAdvisory(Advisory advisory)
    : source_(advisory.source), id_(advisory.id), advisory_(std::move(advisory)) {
  advisory_.affected.clear();
  absl::call_once(once_, [] {});
}

absl::StatusOr<const Advisory*> StoredAdvisory::Get() const {
  absl::call_once(once_, &StoredAdvisory::Decode, this);
  if (!status_.ok()) return status_;
  return &advisory_;
}

void StoredAdvisory::Decode() const {
  absl::StatusOr<Advisory> decoded = DecodeAdvisory(body_, AdvisoryFields::kForMatching);
  std::string().swap(body_);
  if (!decoded.ok()) {
    status_ = absl::Status(decoded.status().code(),
                           absl::StrCat(source_, " ", id_, ": ", decoded.status().message()));
    return;
  }
  advisory_ = std::move(*decoded);
}

}  // namespace moat::vulndb
