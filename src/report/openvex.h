// OpenVEX input (`moat scan --vex FILE`): statements that a vulnerability does not affect a
// product (`not_affected`) or was `fixed` there suppress the matching findings. See
// docs/formats/openvex.md.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "report/scan_result.h"

namespace moat::report {

struct VexStatement {
  std::vector<std::string> vulnerabilities;  // name and aliases
  // Product and subcomponent ids (purls, image references); empty: every product.
  std::vector<std::string> products;
  std::string status;  // not_affected, affected, fixed, under_investigation
  std::string justification;
};

struct VexDocument {
  std::string file;
  std::vector<VexStatement> statements;
};

// Parses an OpenVEX JSON document (v0.0.1 and v0.2.0 shapes). Errors name the file and the
// statement index: not JSON, no statements list, a statement without vulnerability or status,
// an unknown status.
absl::StatusOr<VexDocument> ParseOpenVex(absl::string_view text, const std::string& file);

// Removes the vulnerabilities of `result` that a not_affected or fixed statement covers: its
// vulnerability is the finding's id or an alias, and it names no product, or a product or
// subcomponent that is the package's purl (a purl without version matches every version;
// qualifiers are ignored) or the image (its reference, repo tag, digest, image ID or purl).
// Returns how many were removed.
int ApplyVex(const VexDocument& vex, ScanResult& result);

}  // namespace moat::report
