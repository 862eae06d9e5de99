// Cataloger for Rust binaries built with cargo-auditable: the crates listed in the ELF section
// ".dep-v0" (zlib-compressed JSON).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "inventory/cataloger.h"

namespace moat::inventory {

// Most bytes the dependency list may inflate to (cargo-auditable's readers use the same cap).
constexpr int64_t kMaxRustAuditSize = 8 << 20;

// The runtime crates of a compressed .dep-v0 section, the root crate included (as Trivy does);
// kind "build" crates are skipped: they ran at build time and are not in the binary.
// InvalidArgument when the data does not inflate or is not the expected JSON.
absl::StatusOr<std::vector<Package>> ParseRustAuditData(absl::string_view compressed);

class RustAuditCataloger : public Cataloger {
 public:
  absl::string_view name() const override { return "rust-binary"; }
  // Every executable regular file large enough to hold an ELF header.
  bool Wants(const image::FileRecord& file) const override;
  // No .dep-v0 section (not ELF, not auditable): no packages, OK.
  absl::Status Parse(const FileInput& input, FileFacts* facts) const override;
};

}  // namespace moat::inventory
