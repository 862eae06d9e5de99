// Fuzzes the executable parsers (ELF reader, Go build info, cargo-auditable data) with arbitrary
// bytes.
#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"
#include "image/file_record.h"
#include "inventory/go_binary.h"
#include "inventory/go_modinfo.h"
#include "inventory/rust_audit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  moat::image::FileRecord record;
  record.path = "/usr/local/bin/app";
  record.mode = 0755;
  record.size = static_cast<int64_t>(size);
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  moat::inventory::FileInput input{0, record, bytes, 1 << 20};
  moat::inventory::FileFacts go, rust;
  (void)moat::inventory::GoBinaryCataloger().Parse(input, &go);
  (void)moat::inventory::RustAuditCataloger().Parse(input, &rust);
  (void)moat::inventory::ParseGoModInfo(bytes);
  (void)moat::inventory::ParseRustAuditData(bytes);
  return 0;
}
