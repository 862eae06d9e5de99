// The compact binary encoding of advisories and affected entries inside the database file
// (docs/formats/vulndb.md): length-prefixed fields, the advisory body zlib-compressed when that
// pays. Decoding is bounds-checked: a damaged blob is an error, never a crash.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "vulndb/advisory.h"

namespace moat::vulndb {

// Everything of `advisory` except `affected`; deflated when that saves space, unless `compress`
// is false.
std::string EncodeAdvisory(const Advisory& advisory, bool compress = true);
// kForMatching leaves `details`, `published` and `modified` empty (they are still checked):
// matching never reads them, and skipping them saves most of a decode's allocations.
enum class AdvisoryFields { kAll, kForMatching };
absl::StatusOr<Advisory> DecodeAdvisory(absl::string_view bytes,
                                        AdvisoryFields fields = AdvisoryFields::kAll);

// Everything of `affected` except ecosystem, distro and package (the index key columns).
std::string EncodeAffected(const AffectedPackage& affected);
absl::Status DecodeAffected(absl::string_view bytes, AffectedPackage* affected);

}  // namespace moat::vulndb
